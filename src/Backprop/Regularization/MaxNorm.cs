using System.Globalization;
using System.Numerics;

namespace Backprop.Regularization;

/// <summary>
/// Max-norm constraint: every norm group (axis 0: each column, i.e. a Dense unit's incoming weights) with L2 norm
/// ‖w‖ &gt; c is rescaled to <c>w·c/‖w‖</c>; groups within the ball are left exactly as they are.
/// Often paired with dropout (Srivastava et al. 2014 used c ≈ 3–4).
/// </summary>
/// <remarks>Thread safety: immutable and stateless (penalty and gradient are computed from the arguments); share one
/// instance freely.</remarks>
public sealed class MaxNorm : Constraint
{
    /// <summary>Creates the constraint.</summary>
    /// <param name="maxValue">The maximum norm c (finite, &gt; 0; default 2 as in Keras).</param>
    /// <param name="axis">0: norm per column (default); 1: norm per row.</param>
    public MaxNorm(double maxValue = 2.0, int axis = 0)
    {
        MaxValue = Guard.Positive(maxValue, nameof(maxValue), "MaxNorm");
        Axis = CheckAxis(axis);
    }

    /// <summary>The maximum norm c.</summary>
    public double MaxValue { get; }

    /// <summary>The axis the norm runs over.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"max_norm({MaxValue})");

    /// <inheritdoc/>
    public override void Apply<T>(Span<T> values, int rows, int columns)
    {
        CheckShape(values.Length, rows, columns);
        ScaleGroups(values, rows, columns, Axis, norm => norm > MaxValue ? MaxValue / norm : 1.0);
    }
}
