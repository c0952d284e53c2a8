using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Kernels;

namespace Backprop.Activations;

/// <summary>f(x) = max(0, x); f′(x) = 1 for x &gt; 0, else 0 (the subgradient at 0 is 0, as in PyTorch).</summary>
internal sealed class ReLUActivation : Activation
{

    /// <inheritdoc/>
    public override string Name => "relu";

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
    {
        TensorPrimitives.Max(x, T.Zero, y);
    }

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
    {
        Elementwise.ReluBackward(x, dy, dx);
    }
}
