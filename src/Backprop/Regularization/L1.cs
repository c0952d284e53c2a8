using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Regularization;

/// <summary>
/// Lasso penalty <c>R(w) = λ·Σᵢ |wᵢ|</c>. Gradient (subgradient): <c>∂R/∂wᵢ = λ·sign(wᵢ)</c>, taken as 0 at
/// <c>wᵢ = 0</c>. Drives weights to exactly zero (sparsity) only with a proximal method; with plain gradient
/// steps they oscillate around zero.
/// </summary>
/// <remarks>Thread safety: immutable and stateless (penalty and gradient are computed from the arguments); share one
/// instance freely.</remarks>
public sealed class L1 : Regularizer
{
    /// <summary>Creates the penalty.</summary>
    /// <param name="lambda">The factor λ (finite, ≥ 0; Keras default 0.01).</param>
    public L1(double lambda = 0.01) => Lambda = CheckFactor(lambda, nameof(lambda));

    /// <summary>The factor λ.</summary>
    public double Lambda { get; }

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"l1({Lambda})");

    /// <inheritdoc/>
    public override double Penalty<T>(ReadOnlySpan<T> values)
        => Lambda * double.CreateTruncating(TensorPrimitives.SumOfMagnitudes(values));

    /// <inheritdoc/>
    public override void AddGradient<T>(ReadOnlySpan<T> values, Span<T> gradient, double scale = 1.0)
    {
        CheckLengths(values, gradient);
        T step = T.CreateTruncating(Lambda * scale);
        for (int i = 0; i < values.Length; i++)
        {
            T w = values[i];
            if (w > T.Zero)
            {
                gradient[i] += step;
            }
            else if (w < T.Zero)
            {
                gradient[i] -= step;
            }
        }
    }
}
