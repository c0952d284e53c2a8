using System.Numerics;
using Backprop.Data;

namespace Backprop.Training;

/// <summary>
/// The batches of one <c>Fit</c> (Keras' epoch iterator): reshuffles the row order each epoch, then yields each batch's
/// features, targets and sample weights, gathered into reused buffers — or augmented (and prefetched) by
/// <see cref="AugmentedBatches{T}"/> when the fit has an augmentation pipeline. A yielded batch stays valid until the
/// call after next. In data-parallel training every rank shuffles the same way and yields only its
/// <see cref="Shard"/> of each global batch, so batches and their rows are those of one process.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class BatchSource<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dataset<T> _data;
    private readonly int[] _order;
    private readonly bool _shuffle;
    private readonly int _seed;
    private readonly Shard _shard;
    private readonly AugmentedBatches<T>? _augmented;
    private Tensor2D<T>? _features;
    private Tensor2D<T>? _targets;
    private Tensor2D<T>? _weights;
    private int _epoch;

    public BatchSource(Dataset<T> train, FitOptions<T> options, int modelOutputs, Shard shard)
    {
        _data = train;
        _shard = shard;
        _shuffle = options.Shuffle;
        _seed = options.Seed;
        BatchSize = Math.Min(options.BatchSize, train.Count);
        Count = (train.Count + BatchSize - 1) / BatchSize;
        _order = new int[train.Count];
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        if (options.Augmentation is { } pipeline)
        {
            bool prefetch = options.PrefetchAugmentation ?? BackpropSettings.MaxThreads < Environment.ProcessorCount;
            _augmented = new AugmentedBatches<T>(train, pipeline, modelOutputs, prefetch);
        }
    }

    /// <summary>Rows per global batch (the last batch of an epoch may have fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch.</summary>
    public int Count { get; }

    /// <summary>Starts an epoch: a new seeded row order when shuffling.</summary>
    /// <param name="epoch">Zero-based epoch.</param>
    public void StartEpoch(int epoch)
    {
        _epoch = epoch;
        if (_shuffle)
        {
            Seeds.Shuffle(_order, _seed, epoch);
        }
    }

    /// <summary>Batch <paramref name="batch"/> of the current epoch.</summary>
    /// <param name="batch">Zero-based batch index.</param>
    /// <returns>The batch, in buffers owned by this source.</returns>
    public TrainingBatch<T> Get(int batch)
    {
        var rows = Rows(batch, out int offset, out int globalRows);
        var (x, y) = _augmented is null || rows.IsEmpty
            ? (_data.Features.GatherRows(rows, ref _features), _data.Targets.GatherRows(rows, ref _targets))
            : _augmented.Next(rows, _epoch, batch, batch + 1 < Count ? Rows(batch + 1, out _, out _) : default);
        var w = _data.SampleWeights?.GatherRows(rows, ref _weights);
        return new TrainingBatch<T>(x, y, w, offset, globalRows);
    }

    /// <summary>This rank's rows of batch <paramref name="batch"/> in the epoch's order.</summary>
    private ReadOnlySpan<int> Rows(int batch, out int offset, out int globalRows)
    {
        int start = batch * BatchSize;
        globalRows = Math.Min(BatchSize, _order.Length - start);
        (offset, int count) = _shard.Of(globalRows);
        return _order.AsSpan(start + offset, count);
    }

    public void Dispose() => _augmented?.Dispose();
}
