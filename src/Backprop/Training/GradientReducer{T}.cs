using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Backprop.Layers;

namespace Backprop.Training;

/// <summary>
/// The one all-reduce of a data-parallel step. Each trainable parameter keeps its own gradient tensor (layers
/// accumulate into it), so the gradients are packed into one pooled flat buffer — each scaled by this rank's share of the
/// batch, <c>rows / globalRows</c>, which makes the sum over ranks the gradient of the global batch's mean loss — followed
/// by the rank's data loss and penalty (scaled the same way); the buffer is summed over the ranks in place and unpacked.
/// Packing costs two copies of the gradients per step (measured in docs/scaling.md), far below the step's GEMMs.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class GradientReducer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ICollective _collective;
    private readonly Parameter<T>[] _trainable;
    private readonly T[] _flat;

    public GradientReducer(ICollective collective, IReadOnlyList<Parameter<T>> parameters)
    {
        _collective = collective;
        _trainable = [.. parameters.Where(p => p.Trainable)];
        Length = _trainable.Sum(p => (long)p.Length);
        _flat = new T[checked((int)Length + 2)];
    }

    /// <summary>Gradient elements summed per step.</summary>
    public long Length { get; }

    /// <summary>
    /// Replaces each trainable parameter's gradient by the sum over ranks of <c>rows/globalRows</c> times the rank's
    /// gradient, and returns the batch's data loss and penalty combined the same way (NaN on every rank when any rank's is).
    /// </summary>
    /// <param name="rows">Rows of this rank's shard (0: it contributes nothing).</param>
    /// <param name="globalRows">Rows of the global batch.</param>
    /// <param name="dataLoss">This shard's mean data loss.</param>
    /// <param name="penalty">This shard's penalty.</param>
    /// <returns>The global batch's data loss and penalty.</returns>
    public (double DataLoss, double Penalty) Reduce(int rows, int globalRows, double dataLoss, double penalty)
    {
        var flat = _flat.AsSpan();
        if (rows == 0)
        {
            flat.Clear();
        }
        else
        {
            T scale = T.CreateTruncating((double)rows / globalRows);
            int at = 0;
            foreach (var p in _trainable)
            {
                TensorPrimitives.Multiply(p.Gradient.Span, scale, flat.Slice(at, p.Length));
                at += p.Length;
            }

            flat[at] = T.CreateTruncating(dataLoss) * scale;
            flat[at + 1] = T.CreateTruncating(penalty) * scale;
        }

        if (typeof(T) == typeof(float))
        {
            _collective.AllReduceSum(MemoryMarshal.Cast<T, float>(flat));
        }
        else
        {
            _collective.AllReduceSum(MemoryMarshal.Cast<T, double>(flat));
        }

        int offset = 0;
        foreach (var p in _trainable)
        {
            flat.Slice(offset, p.Length).CopyTo(p.Gradient.Span);
            offset += p.Length;
        }

        return (double.CreateTruncating(flat[offset]), double.CreateTruncating(flat[offset + 1]));
    }
}
