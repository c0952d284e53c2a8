using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Activations;

/// <summary>f(x) = 1/(1+e^−x); f′ = f(1 − f).</summary>
internal sealed class SigmoidActivation : Activation
{

    /// <inheritdoc/>
    public override string Name => "sigmoid";

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
    {
        TensorPrimitives.Sigmoid(x, y);
    }

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
    {
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = dy[i] * y[i] * (T.One - y[i]);
        }
    }
}
