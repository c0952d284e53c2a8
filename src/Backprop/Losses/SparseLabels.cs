using System.Numerics;

namespace Backprop.Losses;

/// <summary>Validates a column of class indices.</summary>
internal static class SparseLabels
{
    public static void Check<T>(Tensor2D<T> targets, int classes, string who)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> t = targets.Span;
        for (int i = 0; i < t.Length; i++)
        {
            T v = t[i];
            if (!T.IsInteger(v) || v < T.Zero || v >= T.CreateTruncating(classes))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(targets),
                    $"{who}: the label at row {i} is {v}, but labels must be integers in [0, {classes}) for a model with {classes} outputs.");
            }
        }
    }
}
