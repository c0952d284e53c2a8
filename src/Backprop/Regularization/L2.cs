using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Regularization;

/// <summary>
/// Ridge penalty <c>R(w) = λ·Σᵢ wᵢ²</c> (Keras convention: no ½). Its gradient is therefore
/// <c>∂R/∂wᵢ = 2λ·wᵢ</c> — note the factor 2: <c>L2(λ)</c> with SGD equals PyTorch's <c>weight_decay = 2λ</c>.
/// This is a coupled penalty (it passes through the optimizer's update rule); for AdamW-style decay see
/// <c>Optimizers.DecoupledWeightDecay</c>.
/// </summary>
/// <remarks>Thread safety: immutable and stateless (penalty and gradient are computed from the arguments); share one
/// instance freely.</remarks>
public sealed class L2 : Regularizer
{
    /// <summary>Creates the penalty.</summary>
    /// <param name="lambda">The factor λ (finite, ≥ 0; Keras default 0.01).</param>
    public L2(double lambda = 0.01) => Lambda = CheckFactor(lambda, nameof(lambda));

    /// <summary>The factor λ.</summary>
    public double Lambda { get; }

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"l2({Lambda})");

    /// <inheritdoc/>
    public override double Penalty<T>(ReadOnlySpan<T> values)
        => Lambda * double.CreateTruncating(TensorPrimitives.SumOfSquares(values));

    /// <inheritdoc/>
    public override void AddGradient<T>(ReadOnlySpan<T> values, Span<T> gradient, double scale = 1.0)
    {
        CheckLengths(values, gradient);

        // gradient += 2λ·scale·w
        TensorPrimitives.MultiplyAdd(values, T.CreateTruncating(2 * Lambda * scale), gradient, gradient);
    }
}
