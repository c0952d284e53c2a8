using System.Numerics;

namespace Backprop.Losses;

/// <summary>
/// Base for losses that average a per-element term over the columns:
/// <c>ℓᵢ = (1/C) Σⱼ h(pᵢⱼ − tᵢⱼ)</c>, so <c>∂L/∂pᵢⱼ = wᵢ·h′(pᵢⱼ − tᵢⱼ)/(N·C)</c>.
/// </summary>
/// <remarks>Thread safety: keeps the last batch's gradient (and scratch buffers), so one caller at a time: a training
/// loop needs its own instance, while concurrent <c>Evaluate</c> calls may share one (Evaluate takes turns through
/// it).</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class ElementwiseLoss<T> : Loss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The per-element term h(e) of the error e = prediction − target.</summary>
    /// <param name="error">The error.</param>
    /// <returns>h(e).</returns>
    protected abstract T Term(T error);

    /// <summary>The derivative h′(e).</summary>
    /// <param name="error">The error.</param>
    /// <returns>h′(e).</returns>
    protected abstract T TermDerivative(T error);

    /// <inheritdoc/>
    protected override T Compute(Tensor2D<T> predictions, Tensor2D<T> targets, ReadOnlySpan<T> sampleWeights, Tensor2D<T> gradient)
    {
        int rows = predictions.Rows;
        int cols = predictions.Columns;
        T scale = T.One / T.CreateTruncating((double)rows * cols);
        ReadOnlySpan<T> p = predictions.Span;
        ReadOnlySpan<T> t = targets.Span;
        Span<T> g = gradient.Span;
        T total = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            T w = WeightOf(sampleWeights, r);
            T rowSum = T.Zero;
            for (int c = 0; c < cols; c++)
            {
                int i = (r * cols) + c;
                T e = p[i] - t[i];
                rowSum += Term(e);
                g[i] = w * TermDerivative(e) * scale;
            }

            total += w * rowSum;
        }

        return total * scale;
    }
}
