using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Activations;

/// <summary>Hard sigmoid clip(x/6 + 1/2, 0, 1); f′ = 1/6 on (−3, 3), else 0.</summary>
internal sealed class HardSigmoidActivation : Activation
{

    /// <inheritdoc/>
    public override string Name => "hard_sigmoid";

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
    {
        T sixth = T.One / T.CreateTruncating(6);
        T half = T.CreateTruncating(0.5);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = T.Clamp((x[i] * sixth) + half, T.Zero, T.One);
        }
    }

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
    {
        T sixth = T.One / T.CreateTruncating(6);
        T three = T.CreateTruncating(3);
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = x[i] > -three && x[i] < three ? dy[i] * sixth : T.Zero;
        }
    }
}
