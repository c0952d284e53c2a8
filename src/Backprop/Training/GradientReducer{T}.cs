using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Backprop.Layers;

namespace Backprop.Training;

/// <summary>
/// The one all-reduce of a data-parallel step, over a gradient arena: at the start of <c>Fit</c> every trainable
/// parameter's gradient moves into one flat array (<see cref="Parameter{T}.MoveGradientInto"/>), followed by two slots for
/// the rank's data loss and penalty. Each step scales the arena in place by this rank's share of the batch,
/// <c>rows / globalRows</c> — which makes the sum over ranks the gradient of the global batch's mean loss — and sums it
/// over the ranks in place: the layers' gradients then hold the global gradient, nothing to unpack. The scaling is the
/// only pass over the gradients that data parallelism adds (measured in docs/scaling.md).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class GradientReducer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ICollective _collective;
    private readonly T[] _arena;
    private readonly int _length;
    private readonly Parameter<T>[] _trainable;

    public GradientReducer(ICollective collective, IReadOnlyList<Parameter<T>> parameters)
    {
        _collective = collective;
        var trainable = _trainable = parameters.Where(p => p.Trainable).ToArray();
        _length = checked((int)trainable.Sum(p => (long)p.Length));
        _arena = new T[checked(_length + 2)];
        int at = 0;
        foreach (var p in trainable)
        {
            p.MoveGradientInto(_arena, at);
            at += p.Length;
        }
    }

    /// <summary>Gradient elements summed per step.</summary>
    public long Length => _length;

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
        foreach (var p in _trainable)
        {
            // The arena is summed as a whole: a gradient still lazily zeroed (no backward reached it) is cleared first.
            _ = p.Gradient;
        }

        var arena = _arena.AsSpan();
        if (rows == 0)
        {
            arena.Clear();
        }
        else if (rows != globalRows)
        {
            T scale = T.CreateTruncating((double)rows / globalRows);
            TensorPrimitives.Multiply(arena[.._length], scale, arena[.._length]);
            arena[_length] = T.CreateTruncating(dataLoss) * scale;
            arena[_length + 1] = T.CreateTruncating(penalty) * scale;
        }
        else
        {
            arena[_length] = T.CreateTruncating(dataLoss);
            arena[_length + 1] = T.CreateTruncating(penalty);
        }

        if (typeof(T) == typeof(float))
        {
            _collective.AllReduceSum(MemoryMarshal.Cast<T, float>(arena));
        }
        else
        {
            _collective.AllReduceSum(MemoryMarshal.Cast<T, double>(arena));
        }

        return (double.CreateTruncating(arena[_length]), double.CreateTruncating(arena[_length + 1]));
    }
}
