using System.Numerics;

namespace Backprop.Activations;

/// <summary>ELU: f(x) = x for x &gt; 0, α(e^x − 1) otherwise; f′ = 1 or αe^x.</summary>
internal sealed class EluActivation : Activation
{
    private readonly double _alpha;

    public EluActivation(double alpha)
    {
        _alpha = Guard.Positive(alpha, nameof(alpha), "ELU");
    }

    /// <summary>The hyper-parameter, for saving.</summary>
    internal double Alpha => _alpha;

    /// <inheritdoc/>
    public override string Name => $"elu({_alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
    {
        T a = T.CreateTruncating(_alpha);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] > T.Zero ? x[i] : a * (T.Exp(x[i]) - T.One);
        }
    }

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
    {
        T a = T.CreateTruncating(_alpha);
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = x[i] > T.Zero ? dy[i] : dy[i] * a * T.Exp(x[i]);
        }
    }
}
