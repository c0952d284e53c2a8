using System.Numerics;

namespace Backprop.Activations;

/// <summary>Leaky ReLU: f(x) = x for x &gt; 0, αx otherwise; f′ = 1 or α.</summary>
internal sealed class LeakyReLUActivation : Activation
{
    private readonly double _alpha;

    public LeakyReLUActivation(double alpha)
    {
        _alpha = Guard.NonNegative(alpha, nameof(alpha), "LeakyReLU");
    }

    /// <summary>The hyper-parameter, for saving.</summary>
    internal double Alpha => _alpha;

    /// <inheritdoc/>
    public override string Name => $"leaky_relu({_alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
    {
        T a = T.CreateTruncating(_alpha);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] > T.Zero ? x[i] : a * x[i];
        }
    }

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
    {
        T a = T.CreateTruncating(_alpha);
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = x[i] > T.Zero ? dy[i] : a * dy[i];
        }
    }
}
