namespace Backprop.Losses;

/// <summary>Validates class-weight arrays.</summary>
internal static class ClassWeightValidation
{
    public static void Check(IReadOnlyList<double>? classWeights)
    {
        if (classWeights is null)
        {
            return;
        }

        for (int i = 0; i < classWeights.Count; i++)
        {
            if (!double.IsFinite(classWeights[i]) || classWeights[i] < 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(classWeights), classWeights[i], $"Class weight {i} must be finite and ≥ 0.");
            }
        }
    }
}
