using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Activations;

/// <summary>Softplus ln(1 + e^x), computed stably; f′(x) = σ(x).</summary>
internal sealed class SoftplusActivation : Activation
{

    /// <inheritdoc/>
    public override string Name => "softplus";

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
    {
        for (int i = 0; i < x.Length; i++)
        {
            // Stable: max(x, 0) + log(1 + e^−|x|).
            y[i] = T.Max(x[i], T.Zero) + T.LogP1(T.Exp(-T.Abs(x[i])));
        }
    }

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
    {
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = dy[i] / (T.One + T.Exp(-x[i]));
        }
    }
}
