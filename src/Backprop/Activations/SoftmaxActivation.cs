using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Activations;

/// <summary>Row-wise softmax y = e^(x−max)/Σe^(x−max); ∂L/∂x = y ⊙ (∂L/∂y − ⟨∂L/∂y, y⟩) per row.</summary>
internal sealed class SoftmaxActivation : Activation
{

    /// <inheritdoc/>
    public override string Name => "softmax";

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
    {
        if (columns <= 0)
        {
            return;
        }

        for (int r = 0; r < x.Length / columns; r++)
        {
            var xr = x.Slice(r * columns, columns);
            var yr = y.Slice(r * columns, columns);
            T max = TensorPrimitives.Max(xr);
            TensorPrimitives.Subtract(xr, max, yr);
            TensorPrimitives.Exp(yr, yr);
            T sum = TensorPrimitives.Sum<T>(yr);
            TensorPrimitives.Divide(yr, sum, yr);
        }
    }

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
    {
        if (columns <= 0)
        {
            return;
        }

        for (int r = 0; r < x.Length / columns; r++)
        {
            var yr = y.Slice(r * columns, columns);
            var dyr = dy.Slice(r * columns, columns);
            var dxr = dx.Slice(r * columns, columns);
            T dot = TensorPrimitives.Dot(dyr, yr);
            for (int i = 0; i < columns; i++)
            {
                dxr[i] = yr[i] * (dyr[i] - dot);
            }
        }
    }
}
