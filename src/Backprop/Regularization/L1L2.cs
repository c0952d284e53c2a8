using System.Globalization;
using System.Numerics;

namespace Backprop.Regularization;

/// <summary>
/// Elastic-net penalty <c>R(w) = λ₁·Σᵢ |wᵢ| + λ₂·Σᵢ wᵢ²</c>, gradient <c>λ₁·sign(wᵢ) + 2λ₂·wᵢ</c>
/// (sign(0) = 0). The sum of <see cref="L1"/> and <see cref="L2"/>.
/// </summary>
/// <remarks>Thread safety: immutable and stateless (penalty and gradient are computed from the arguments); share one
/// instance freely.</remarks>
public sealed class L1L2 : Regularizer
{
    private readonly L1 _l1;
    private readonly L2 _l2;

    /// <summary>Creates the penalty.</summary>
    /// <param name="l1">λ₁ (finite, ≥ 0).</param>
    /// <param name="l2">λ₂ (finite, ≥ 0).</param>
    public L1L2(double l1 = 0.01, double l2 = 0.01)
    {
        _l1 = new L1(CheckFactor(l1, nameof(l1)));
        _l2 = new L2(CheckFactor(l2, nameof(l2)));
    }

    /// <summary>λ₁, the L1 factor.</summary>
    public double L1Factor => _l1.Lambda;

    /// <summary>λ₂, the L2 factor.</summary>
    public double L2Factor => _l2.Lambda;

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"l1l2({L1Factor}, {L2Factor})");

    /// <inheritdoc/>
    public override double Penalty<T>(ReadOnlySpan<T> values) => _l1.Penalty(values) + _l2.Penalty(values);

    /// <inheritdoc/>
    public override void AddGradient<T>(ReadOnlySpan<T> values, Span<T> gradient, double scale = 1.0)
    {
        CheckLengths(values, gradient);
        _l1.AddGradient(values, gradient, scale);
        _l2.AddGradient(values, gradient, scale);
    }
}
