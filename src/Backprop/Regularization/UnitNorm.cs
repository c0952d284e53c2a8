using System.Globalization;
using System.Numerics;

namespace Backprop.Regularization;

/// <summary>
/// Unit-norm constraint: every norm group (axis 0: each column) is rescaled to <c>w / ‖w‖</c>.
/// A group that is exactly zero stays zero.
/// </summary>
/// <remarks>Thread safety: immutable and stateless (penalty and gradient are computed from the arguments); share one
/// instance freely.</remarks>
public sealed class UnitNorm : Constraint
{
    /// <summary>Creates the constraint.</summary>
    /// <param name="axis">0: norm per column (default, a Dense unit's incoming weights); 1: norm per row.</param>
    public UnitNorm(int axis = 0) => Axis = CheckAxis(axis);

    /// <summary>The axis the norm runs over.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"unit_norm(axis={Axis})");

    /// <inheritdoc/>
    public override void Apply<T>(Span<T> values, int rows, int columns)
    {
        CheckShape(values.Length, rows, columns);
        ScaleGroups(values, rows, columns, Axis, norm => norm > 0 ? 1.0 / norm : 1.0);
    }
}
