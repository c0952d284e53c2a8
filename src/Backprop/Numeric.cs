using System.Numerics;

namespace Backprop;

/// <summary>
/// Guards and conversions for the element type of every Backprop generic type.
/// Backprop computes in <see cref="float"/> (the fast default) or <see cref="double"/> (for gradient checks).
/// </summary>
/// <remarks>Thread safety: static methods with no shared state; safe to call from many threads at once, each call
/// working on its own arguments.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public static class Numeric<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Throws <see cref="NotSupportedException"/> when <typeparamref name="T"/> is neither float nor double.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double (e.g. <see cref="Half"/>).</exception>
    public static void EnsureSupported()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException(
                $"Backprop supports the element types float and double; {typeof(T).Name} was requested.");
        }
    }

    /// <summary>Converts a double to <typeparamref name="T"/>.</summary>
    /// <param name="value">The value to convert.</param>
    /// <returns>The value rounded to <typeparamref name="T"/>.</returns>
    public static T From(double value) => T.CreateTruncating(value);

    /// <summary>Converts a <typeparamref name="T"/> to double.</summary>
    /// <param name="value">The value to convert.</param>
    /// <returns>The value as a double.</returns>
    public static double ToDouble(T value) => double.CreateTruncating(value);

    /// <summary>
    /// The one arg-max rule of the library: the index of the largest element (first on ties), or −1 when any element is
    /// NaN (a diverged model is never right, and no class is read from a NaN row). Callers that must return a class
    /// (<c>PredictClasses</c>, <c>OneHot.Decode</c>, <c>Dataset.ClassLabels</c>) turn −1 into an exception naming the row.
    /// </summary>
    /// <param name="values">The values (at least one).</param>
    /// <returns>The index, or −1.</returns>
    internal static int ArgMax(ReadOnlySpan<T> values)
    {
        int best = 0;
        T bestValue = values.IsEmpty ? T.Zero : values[0];
        for (int i = 0; i < values.Length; i++)
        {
            T v = values[i];
            if (T.IsNaN(v))
            {
                return -1;
            }

            if (v > bestValue)
            {
                best = i;
                bestValue = v;
            }
        }

        return best;
    }

    /// <summary><see cref="ArgMax"/> of row <paramref name="row"/>, or an exception naming the row when it holds NaN.</summary>
    /// <param name="values">The row's values.</param>
    /// <param name="row">The row index, for the message.</param>
    /// <param name="what">What the rows are, for the message (e.g. "prediction").</param>
    /// <returns>The index.</returns>
    /// <exception cref="InvalidOperationException">The row holds NaN.</exception>
    internal static int ClassOfRow(ReadOnlySpan<T> values, int row, string what)
    {
        int c = ArgMax(values);
        return c >= 0 ? c : throw new InvalidOperationException($"The {what} row {row} holds NaN, so it has no class.");
    }

    /// <summary>Index of the first NaN or ±∞ in <paramref name="values"/>, or −1 when all are finite (SIMD: x − x is 0 exactly for finite x).</summary>
    /// <param name="values">The values.</param>
    /// <returns>The index, or −1.</returns>
    internal static int FirstNonFinite(ReadOnlySpan<T> values)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<T>.Count)
        {
            var blocks = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Vector<T>>(values);
            for (int b = 0; b < blocks.Length; b++)
            {
                var v = blocks[b];
                if (!Vector.EqualsAll(v - v, Vector<T>.Zero))
                {
                    break;
                }

                i += Vector<T>.Count;
            }
        }

        for (; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
