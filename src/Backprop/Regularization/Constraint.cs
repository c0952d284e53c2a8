using System.Numerics;

namespace Backprop.Regularization;

/// <summary>
/// A projection applied to a parameter's values right after every optimizer update (Keras "constraints").
/// Built in: <see cref="MaxNorm"/>, <see cref="NonNeg"/>, <see cref="UnitNorm"/>; derive from this class for your own.
/// Attach with <c>Parameter.Constraint</c> (Dense: <c>kernelConstraint</c>, <c>biasConstraint</c>).
/// </summary>
/// <remarks>Thread safety: immutable and stateless (penalty and gradient are computed from the arguments); share one
/// instance freely. One of your own must be stateless too.</remarks>
public abstract class Constraint
{
    /// <summary>The constraint's name, e.g. "max_norm(2)".</summary>
    public abstract string Name { get; }

    /// <summary>Projects the values in place.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="values">The parameter's values (row-major).</param>
    /// <param name="rows">Rows of the parameter (for a Dense kernel: inputs).</param>
    /// <param name="columns">Columns of the parameter (for a Dense kernel: units).</param>
    public abstract void Apply<T>(Span<T> values, int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Throws when the shape does not match the number of values.</summary>
    /// <param name="length">Number of values.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    protected void CheckShape(int length, int rows, int columns)
    {
        if (rows < 0 || columns < 0 || (long)rows * columns != length)
        {
            throw new ArgumentException($"{Name}: shape [{rows}, {columns}] does not match {length} values.", nameof(rows));
        }
    }

    /// <summary>
    /// Visits each "norm group": with <paramref name="axis"/> 0 the columns (for a Dense kernel, the incoming
    /// weights of one unit, as in Keras), with axis 1 the rows.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="values">Values.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="axis">0 or 1.</param>
    /// <param name="scaleForNorm">Maps a group's L2 norm to the factor its elements are multiplied by.</param>
    protected static void ScaleGroups<T>(Span<T> values, int rows, int columns, int axis, Func<double, double> scaleForNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(scaleForNorm);
        int groups = axis == 0 ? columns : rows;
        int length = axis == 0 ? rows : columns;
        int stride = axis == 0 ? columns : 1;
        int groupStride = axis == 0 ? 1 : columns;
        for (int g = 0; g < groups; g++)
        {
            double sumSquares = 0;
            for (int i = 0; i < length; i++)
            {
                double v = double.CreateTruncating(values[(g * groupStride) + (i * stride)]);
                sumSquares += v * v;
            }

            T scale = T.CreateTruncating(scaleForNorm(Math.Sqrt(sumSquares)));
            for (int i = 0; i < length; i++)
            {
                values[(g * groupStride) + (i * stride)] *= scale;
            }
        }
    }

    /// <summary>Validates a norm axis (0 or 1).</summary>
    /// <param name="axis">The axis.</param>
    /// <returns>The axis.</returns>
    protected static int CheckAxis(int axis)
        => Guard.InRange(axis, 0, 1, nameof(axis), "norm axis (0: columns, 1: rows)");

    /// <inheritdoc/>
    public override string ToString() => Name;
}
