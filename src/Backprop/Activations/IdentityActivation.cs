using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Activations;

/// <summary>f(x) = x; f′(x) = 1.</summary>
internal sealed class IdentityActivation : Activation
{

    /// <inheritdoc/>
    public override string Name => "identity";

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
    {
        x.CopyTo(y);
    }

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
    {
        dy.CopyTo(dx);
    }
}
