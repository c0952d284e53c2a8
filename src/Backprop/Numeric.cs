using System.Numerics;

namespace Backprop;

/// <summary>
/// Guards and conversions for the element type of every Backprop generic type.
/// Backprop computes in <see cref="float"/> (the fast default) or <see cref="double"/> (for gradient checks).
/// </summary>
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
}
