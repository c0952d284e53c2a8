using System.Numerics;
using MathNet.Numerics;

namespace Backprop.Activations;

/// <summary>
/// GELU. Exact: f(x) = x·Φ(x) = x/2·(1 + erf(x/√2)), f′ = Φ(x) + x·φ(x).
/// Tanh approximation: f(x) = x/2·(1 + tanh u), u = √(2/π)(x + 0.044715x³),
/// f′ = ½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²).
/// </summary>
internal sealed class GeluActivation : Activation
{
    private const double SqrtTwoOverPi = 0.79788456080286535587989211986876;
    private const double InvSqrtTwo = 0.70710678118654752440084436210485;
    private const double InvSqrtTwoPi = 0.39894228040143267793994605993438;
    private const double Cubic = 0.044715;
    private readonly bool _approximateTanh;

    public GeluActivation(bool approximateTanh) => _approximateTanh = approximateTanh;

    /// <summary>The hyper-parameter, for saving.</summary>
    internal bool ApproximateTanh => _approximateTanh;

    /// <inheritdoc/>
    public override string Name => _approximateTanh ? "gelu_tanh" : "gelu";

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            double r = _approximateTanh
                ? 0.5 * v * (1 + Math.Tanh(SqrtTwoOverPi * (v + (Cubic * v * v * v))))
                : 0.5 * v * (1 + SpecialFunctions.Erf(v * InvSqrtTwo));
            y[i] = T.CreateTruncating(r);
        }
    }

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            double d;
            if (_approximateTanh)
            {
                double t = Math.Tanh(SqrtTwoOverPi * (v + (Cubic * v * v * v)));
                d = (0.5 * (1 + t)) + (0.5 * v * (1 - (t * t)) * SqrtTwoOverPi * (1 + (3 * Cubic * v * v)));
            }
            else
            {
                d = (0.5 * (1 + SpecialFunctions.Erf(v * InvSqrtTwo))) + (v * InvSqrtTwoPi * Math.Exp(-0.5 * v * v));
            }

            dx[i] = dy[i] * T.CreateTruncating(d);
        }
    }
}
