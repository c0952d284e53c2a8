using System.Numerics;
using Backprop.Layers;

namespace Backprop.Training;

/// <summary>
/// A copy of every parameter taken at the start of each epoch, put back when a non-finite loss stops <c>Fit</c> and
/// a step had already made some weight non-finite: the model is then left with finite weights. The buffers are
/// allocated once per <c>Fit</c>; saving and restoring allocate nothing.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class WeightBackup<T>(IReadOnlyList<Parameter<T>> parameters)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _copies = [.. parameters.Select(p => new T[p.Length])];

    /// <summary>Copies the current weights.</summary>
    public void Save()
    {
        for (int i = 0; i < _copies.Length; i++)
        {
            parameters[i].Value.Span.CopyTo(_copies[i]);
        }
    }

    /// <summary>Puts the saved weights back when any current weight is NaN or infinite.</summary>
    public void RestoreIfNotFinite()
    {
        if (parameters.All(p => Numeric<T>.FirstNonFinite(p.Value.Span) < 0))
        {
            return;
        }

        for (int i = 0; i < _copies.Length; i++)
        {
            _copies[i].CopyTo(parameters[i].Value.Span);
        }
    }
}
