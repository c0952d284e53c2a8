using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Activations;

/// <summary>f(x) = tanh x; f′ = 1 − f².</summary>
internal sealed class TanhActivation : Activation
{

    /// <inheritdoc/>
    public override string Name => "tanh";

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
    {
        TensorPrimitives.Tanh(x, y);
    }

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
    {
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = dy[i] * (T.One - (y[i] * y[i]));
        }
    }
}
