using System.Numerics;
using Backprop.Data;

namespace Backprop.Training;

/// <summary>
/// The batches of one <c>Fit</c> (Keras' epoch iterator): reshuffles the row order each epoch, then yields each batch's
/// features, targets and sample weights, gathered into reused buffers — or augmented (and prefetched) by
/// <see cref="AugmentedBatches{T}"/> when the fit has an augmentation pipeline. A yielded batch stays valid until the
/// call after next.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class BatchSource<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dataset<T> _data;
    private readonly int[] _order;
    private readonly bool _shuffle;
    private readonly int _seed;
    private readonly AugmentedBatches<T>? _augmented;
    private Tensor2D<T>? _features;
    private Tensor2D<T>? _targets;
    private Tensor2D<T>? _weights;
    private int _epoch;

    public BatchSource(Dataset<T> train, FitOptions<T> options, int modelOutputs)
    {
        _data = train;
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

    /// <summary>Rows per batch (the last batch of an epoch may have fewer).</summary>
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
        int start = batch * BatchSize;
        var rows = _order.AsSpan(start, Math.Min(BatchSize, _order.Length - start));
        var (x, y) = _augmented is null
            ? (_data.Features.GatherRows(rows, ref _features), _data.Targets.GatherRows(rows, ref _targets))
            : _augmented.Next(_order, _epoch, batch, BatchSize);
        var w = _data.SampleWeights?.GatherRows(rows, ref _weights);
        return new TrainingBatch<T>(x, y, w);
    }

    public void Dispose() => _augmented?.Dispose();
}
