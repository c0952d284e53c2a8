using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Activations;

/// <summary>SiLU / Swish x·σ(x); f′ = σ(x)(1 + x(1 − σ(x))).</summary>
internal sealed class SiluActivation : Activation
{

    /// <inheritdoc/>
    public override string Name => "silu";

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
    {
        TensorPrimitives.Sigmoid(x, y);
        TensorPrimitives.Multiply(x, y, y);
    }

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
    {
        for (int i = 0; i < x.Length; i++)
        {
            T s = T.One / (T.One + T.Exp(-x[i]));
            dx[i] = dy[i] * s * (T.One + (x[i] * (T.One - s)));
        }
    }
}
