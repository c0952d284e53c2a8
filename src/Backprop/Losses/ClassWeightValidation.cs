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
            Guard.NonNegative(classWeights[i], nameof(classWeights), $"class weight {i}");
        }
    }
}
