using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Regularization;

/// <summary>Non-negativity constraint: <c>w ← max(w, 0)</c> element-wise.</summary>
/// <remarks>Thread safety: immutable and stateless (penalty and gradient are computed from the arguments); share one
/// instance freely.</remarks>
public sealed class NonNeg : Constraint
{
    /// <inheritdoc/>
    public override string Name => "non_neg";

    /// <inheritdoc/>
    public override void Apply<T>(Span<T> values, int rows, int columns)
    {
        CheckShape(values.Length, rows, columns);
        TensorPrimitives.Max(values, T.Zero, values);
    }
}
