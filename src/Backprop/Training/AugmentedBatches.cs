using System.Numerics;
using Backprop.Data;
using Backprop.Augmentation;

namespace Backprop.Training;

/// <summary>
/// Feeds <c>Fit</c> augmented training batches. With prefetch on, batch b + 1 is gathered and augmented on a
/// background task while batch b trains, in a second set of buffers; that task stays on its own thread (it never
/// takes the kernel thread pool from the training step). Because the randomness depends only on
/// (seed, epoch, sample index, batch index), prefetching changes timing, never results.
/// </summary>
internal sealed class AugmentedBatches<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dataset<T> _data;
    private readonly AugmentationPipeline<T> _pipeline;
    private readonly int _oneHotClasses;
    private readonly bool _prefetch;
    private readonly Slot[] _slots = [new(), new()];
    private Task? _pending;
    private int _pendingEpoch = -1;
    private int _pendingBatch = -1;

    public AugmentedBatches(Dataset<T> train, AugmentationPipeline<T> pipeline, int modelOutputs, bool prefetch)
    {
        _data = train;
        _pipeline = pipeline;
        _prefetch = prefetch;
        pipeline.Prepare(train.Features);

        // Mixing needs a distribution per row: class indices become one-hot rows for multi-class models.
        _oneHotClasses = pipeline.BatchTransforms.Count > 0 && train.Targets.Columns == 1 && modelOutputs > 1 ? modelOutputs : 0;
    }

    /// <summary>The augmented features and targets of batch <paramref name="batch"/> (valid until the call after next).</summary>
    /// <param name="rows">The batch's sample indices.</param>
    /// <param name="epoch">The epoch.</param>
    /// <param name="batch">The batch index in the epoch.</param>
    /// <param name="nextRows">The next batch's sample indices, to prefetch; empty when there is none.</param>
    public (Tensor2D<T> Features, Tensor2D<T> Targets) Next(ReadOnlySpan<int> rows, int epoch, int batch, ReadOnlySpan<int> nextRows)
    {
        var slot = _slots[batch & 1];
        bool ready = false;
        if (_pending is not null)
        {
            var task = _pending;
            _pending = null;
            task.GetAwaiter().GetResult();
            ready = _pendingEpoch == epoch && _pendingBatch == batch;
        }

        if (!ready)
        {
            slot.SetRows(rows);
            Fill(slot, epoch, batch, parallel: true);
        }

        if (_prefetch && !nextRows.IsEmpty)
        {
            var next = _slots[(batch + 1) & 1];
            next.SetRows(nextRows);
            (_pendingEpoch, _pendingBatch) = (epoch, batch + 1);
            _pending = Task.Run(() => Fill(next, epoch, batch + 1, parallel: false));
        }

        return (slot.Features!, slot.Targets!);
    }

    public void Dispose()
    {
        var task = _pending;
        _pending = null;
        if (task is not null)
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // A prefetched batch that will never be used; its failure would have surfaced had it been used.
            }
        }
    }

    private void Fill(Slot slot, int epoch, int batch, bool parallel)
    {
        var rows = slot.Rows.AsSpan(0, slot.Count);
        _data.Features.GatherRows(rows, ref slot.Features);
        _data.Targets.GatherRows(rows, ref slot.Labels);
        if (_oneHotClasses > 0)
        {
            var soft = Tensor2D<T>.Ensure(ref slot.OneHot, rows.Length, _oneHotClasses);
            soft.Clear();
            for (int i = 0; i < rows.Length; i++)
            {
                soft[i, int.CreateTruncating(slot.Labels![i, 0])] = T.One;
            }

            slot.Targets = soft;
        }
        else
        {
            slot.Targets = slot.Labels;
        }

        _pipeline.TransformBatch(slot.Features!, slot.Targets!, rows, epoch, batch, parallel);
    }

    private sealed class Slot
    {
#pragma warning disable SA1401, CA1051 // plain buffer holder passed by ref to Gather
        public Tensor2D<T>? Features;
        public Tensor2D<T>? Labels;
        public Tensor2D<T>? OneHot;
        public Tensor2D<T>? Targets;
        public int[] Rows = [];
        public int Count;
#pragma warning restore SA1401, CA1051

        public void SetRows(ReadOnlySpan<int> rows)
        {
            Count = rows.Length;
            if (Rows.Length < Count)
            {
                Rows = new int[Count];
            }

            rows.CopyTo(Rows);
        }
    }
}
