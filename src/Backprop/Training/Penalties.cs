using System.Numerics;
using Backprop.Layers;

namespace Backprop.Training;

/// <summary>The penalty parts the loop logs on their own.</summary>
internal static class Penalties
{
    /// <summary>
    /// <c>Σ R(θ)</c> over the parameters that have a regularizer, on their current values: the validation penalty
    /// (evaluation has no activity penalty, and the layers keep the last training pass's, which this leaves out).
    /// </summary>
    public static double OfParameters<T>(IReadOnlyList<Parameter<T>> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (p.Regularizer is not null)
            {
                total += p.Regularizer.Penalty<T>(p.Value.Span);
            }
        }

        return total;
    }
}
