using System.Numerics;

namespace Backprop.Data;

/// <summary>One-hot encoding of class indices and its inverse (arg-max).</summary>
/// <remarks>Thread safety: static methods with no shared state; safe to call from many threads at once, each call
/// working on its own arguments.</remarks>
public static class OneHot
{
    /// <summary>Encodes class indices as rows with a single 1.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="labels">Class indices in [0, <paramref name="classes"/>).</param>
    /// <param name="classes">Number of classes K ≥ 1.</param>
    /// <returns>A new <c>[N, K]</c> buffer.</returns>
    public static Tensor2D<T> Encode<T>(ReadOnlySpan<int> labels, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.AtLeast(classes, 1, nameof(classes));
        Guard.ClassLabels(labels, classes, "label", nameof(labels));
        var result = new Tensor2D<T>(labels.Length, classes);
        for (int i = 0; i < labels.Length; i++)
        {
            result[i, labels[i]] = T.One;
        }

        return result;
    }

    /// <summary>The class of each row: the index of its largest value (first on ties).</summary>
    /// <exception cref="InvalidOperationException">A row holds NaN.</exception>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="rows">One-hot, soft or score rows <c>[N, K]</c>.</param>
    /// <returns>N class indices.</returns>
    public static int[] Decode<T>(Tensor2D<T> rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rows);
        var labels = new int[rows.Rows];
        for (int i = 0; i < rows.Rows; i++)
        {
            labels[i] = Numeric<T>.ClassOfRow(rows.Row(i), i, "decoded");
        }

        return labels;
    }
}
