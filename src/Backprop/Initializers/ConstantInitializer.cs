using System.Globalization;
using System.Numerics;

namespace Backprop.Initializers;

/// <summary>Sets every element to one constant.</summary>
/// <remarks>Thread safety: immutable once constructed; one instance may be shared by any number of threads.</remarks>
public sealed class ConstantInitializer : Initializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="value">The constant (finite).</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="value"/> is NaN or ∞.</exception>
    public ConstantInitializer(double value)
    {
        Value = Guard.Finite(value, nameof(value), "ConstantInitializer");
    }

    /// <summary>The constant.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    public override string Name => Value == 0 ? "zeros" : string.Create(CultureInfo.InvariantCulture, $"constant({Value})");

    /// <inheritdoc/>
    public override void Fill<T>(Span<T> values, int fanIn, int fanOut, int seed) => values.Fill(T.CreateTruncating(Value));
}
