using System.Numerics;
using Backprop.Kernels;

namespace Backprop.Augmentation;

/// <summary>
/// An ordered list of seeded transforms for training data: per-sample transforms (geometry, intensity, noise)
/// run first, each sample in parallel; then per-batch transforms (MixUp, CutMix) that may mix rows and targets.
/// Attach it to <c>Fit</c> (<c>augmentation:</c>), where it only ever touches training batches, or call it yourself.
/// </summary>
/// <remarks>
/// Randomness is counter-based: sample transform k of the sample with dataset index i in epoch e draws from a stream
/// keyed by (<see cref="Seed"/>, e, i, k), and batch transform k of batch b from one keyed by (Seed, e, b, k) under a
/// purpose of its own, so sample and batch transforms never share a stream.
/// The result therefore depends on the seed, the epoch and which samples are in the batch — never on the number of
/// threads or on whether batches are prepared ahead of time. One pipeline augments one batch at a time.
/// <para>Thread safety: one batch at a time: <c>Fit</c> (or your <c>TransformSamples</c>/<c>TransformBatch</c> call)
/// drives it from one thread and spreads the samples over the kernel threads itself; do not share one pipeline between
/// two Fits running at once.</para>
/// </remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class AugmentationPipeline<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<SampleTransform<T>> _sample = [];
    private readonly List<BatchTransform<T>> _batch = [];
    private readonly SampleJob _job;
    private bool _prepared;

    /// <summary>Creates an empty pipeline.</summary>
    /// <param name="shape">The layout of one sample, e.g. <c>SampleShape.Image(28, 28)</c> or <c>SampleShape.Tabular(13)</c>.</param>
    /// <param name="seed">The seed every random draw derives from.</param>
    public AugmentationPipeline(SampleShape shape, int seed = 0)
    {
        Numeric<T>.EnsureSupported();
        if (shape.Length == 0)
        {
            throw new ArgumentException("The sample shape is empty; create it with SampleShape.Image or SampleShape.Tabular.", nameof(shape));
        }

        Shape = shape;
        Seed = seed;
        _job = new SampleJob(this);
    }

    /// <summary>The layout of one sample.</summary>
    public SampleShape Shape { get; }

    /// <summary>The seed every random draw derives from.</summary>
    public int Seed { get; }

    /// <summary>The per-sample transforms, in order.</summary>
    public IReadOnlyList<SampleTransform<T>> SampleTransforms => _sample;

    /// <summary>The per-batch transforms, in order (run after the per-sample ones).</summary>
    public IReadOnlyList<BatchTransform<T>> BatchTransforms => _batch;

    /// <summary>Appends a per-sample transform.</summary>
    /// <param name="transform">The transform.</param>
    /// <returns>This pipeline, for chaining.</returns>
    public AugmentationPipeline<T> Add(SampleTransform<T> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        _sample.Add(transform);
        _prepared = false;
        return this;
    }

    /// <summary>Appends a per-batch transform.</summary>
    /// <param name="transform">The transform.</param>
    /// <returns>This pipeline, for chaining.</returns>
    public AugmentationPipeline<T> Add(BatchTransform<T> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        _batch.Add(transform);
        _prepared = false;
        return this;
    }

    /// <summary>
    /// Checks every transform against <see cref="Shape"/> and fits their statistics (feature spreads, swap rows) on
    /// <paramref name="trainingFeatures"/>. <c>Fit</c> calls it with the training part only (after any validation split).
    /// </summary>
    /// <param name="trainingFeatures">Training features <c>[N, Shape.Length]</c>, or null when no transform needs data.</param>
    public void Prepare(Tensor2D<T>? trainingFeatures)
    {
        if (trainingFeatures is not null && trainingFeatures.Columns != Shape.Length)
        {
            throw new ArgumentException(
                $"The pipeline's sample shape {Shape} has {Shape.Length} values but the data has {trainingFeatures.Columns} features per sample.",
                nameof(trainingFeatures));
        }

        foreach (var t in _sample)
        {
            t.Prepare(Shape, trainingFeatures);
        }

        foreach (var t in _batch)
        {
            t.Prepare(Shape);
        }

        _prepared = true;
    }

    /// <summary>Applies the per-sample transforms to every row of <paramref name="batch"/>, in place and in parallel.</summary>
    /// <param name="batch">Rows to transform <c>[n, Shape.Length]</c>.</param>
    /// <param name="sampleIndices">The dataset index of each row (n values): the counter the randomness derives from.</param>
    /// <param name="epoch">The epoch.</param>
    public void TransformSamples(Tensor2D<T> batch, ReadOnlySpan<int> sampleIndices, int epoch)
        => TransformSamples(batch, sampleIndices, epoch, parallel: true);

    /// <summary>
    /// Applies the whole pipeline to a training batch: per-sample transforms, then per-batch transforms that mix
    /// rows of <paramref name="features"/> and <paramref name="targets"/> consistently. Class-index targets
    /// <c>[n, 1]</c> must be converted to one-hot first when the pipeline has batch transforms (<c>Fit</c> does this).
    /// </summary>
    /// <param name="features">The batch features, changed in place.</param>
    /// <param name="targets">The batch targets, changed in place by batch transforms.</param>
    /// <param name="sampleIndices">The dataset index of each row.</param>
    /// <param name="epoch">The epoch.</param>
    /// <param name="batchIndex">The batch number within the epoch (the counter for batch transforms).</param>
    public void TransformBatch(Tensor2D<T> features, Tensor2D<T> targets, ReadOnlySpan<int> sampleIndices, int epoch, int batchIndex)
        => TransformBatch(features, targets, sampleIndices, epoch, batchIndex, parallel: true);

    /// <summary>
    /// As the public overload; <paramref name="parallel"/> = false keeps the work on the calling thread (the prefetch
    /// task uses that so it never competes with the training step for the kernel thread pool). Results are identical.
    /// </summary>
    internal void TransformBatch(Tensor2D<T> features, Tensor2D<T> targets, ReadOnlySpan<int> sampleIndices, int epoch, int batchIndex, bool parallel)
    {
        ArgumentNullException.ThrowIfNull(targets);
        TransformSamples(features, sampleIndices, epoch, parallel);
        if (targets.Rows != features.Rows)
        {
            throw new ArgumentException($"The batch has {features.Rows} rows but {targets.Rows} target rows.", nameof(targets));
        }

        for (int k = 0; k < _batch.Count; k++)
        {
            var random = Seeds.BatchTransform(Seed, epoch, batchIndex, k);
            _batch[k].Apply(features, targets, Shape, ref random);
        }
    }

    /// <summary>
    /// Renders <paramref name="count"/> augmented versions of one sample with the per-sample transforms
    /// (version v is what the sample would look like in epoch <paramref name="firstEpoch"/> + v).
    /// </summary>
    /// <param name="sample">One sample of <c>Shape.Length</c> values (not changed).</param>
    /// <param name="count">Number of versions, ≥ 1.</param>
    /// <param name="sampleIndex">The dataset index to draw randomness for.</param>
    /// <param name="firstEpoch">The epoch of the first version.</param>
    /// <returns>A new <c>[count, Shape.Length]</c> buffer.</returns>
    public Tensor2D<T> Preview(ReadOnlySpan<T> sample, int count, int sampleIndex = 0, int firstEpoch = 0)
    {
        Guard.AtLeast(count, 1, nameof(count));
        if (sample.Length != Shape.Length)
        {
            throw new ArgumentException($"The sample has {sample.Length} values but the shape {Shape} needs {Shape.Length}.", nameof(sample));
        }

        EnsurePrepared();
        var result = new Tensor2D<T>(count, Shape.Length);
        for (int v = 0; v < count; v++)
        {
            var row = result.Row(v);
            sample.CopyTo(row);
            ApplyToSample(row, sampleIndex, firstEpoch + v);
        }

        return result;
    }

    private void TransformSamples(Tensor2D<T> batch, ReadOnlySpan<int> sampleIndices, int epoch, bool parallel)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckBatch(batch, sampleIndices.Length);
        EnsurePrepared();
        if (_sample.Count == 0)
        {
            return;
        }

        if (parallel)
        {
            _job.Run(batch, sampleIndices, epoch);
            return;
        }

        for (int r = 0; r < batch.Rows; r++)
        {
            ApplyToSample(batch.Row(r), sampleIndices[r], epoch);
        }
    }

    internal void ApplyToSample(Span<T> row, int sampleIndex, int epoch)
    {
        for (int k = 0; k < _sample.Count; k++)
        {
            var random = Seeds.SampleTransform(Seed, epoch, sampleIndex, k);
            _sample[k].Apply(row, Shape, ref random);
        }
    }

    private void EnsurePrepared()
    {
        if (!_prepared)
        {
            Prepare(null);
        }
    }

    private void CheckBatch(Tensor2D<T> batch, int indices)
    {
        if (batch.Columns != Shape.Length)
        {
            throw new ArgumentException(
                $"The pipeline's sample shape {Shape} has {Shape.Length} values but the batch has {batch.Columns} columns.", nameof(batch));
        }

        if (indices != batch.Rows)
        {
            throw new ArgumentException($"The batch has {batch.Rows} rows but {indices} sample indices were given.", nameof(batch));
        }
    }

    /// <summary>Transforms fixed blocks of rows; any thread may run any block because each row's randomness is its own.</summary>
    private sealed class SampleJob(AugmentationPipeline<T> owner) : IBlockJob
    {
        private const int RowsPerBlock = 16;
        private int[] _indices = [];
        private Tensor2D<T>? _batch;
        private int _epoch;

        public void Run(Tensor2D<T> batch, ReadOnlySpan<int> indices, int epoch)
        {
            if (_indices.Length < indices.Length)
            {
                _indices = new int[indices.Length];
            }

            indices.CopyTo(_indices);
            _batch = batch;
            _epoch = epoch;
            try
            {
                Threading.For((batch.Rows + RowsPerBlock - 1) / RowsPerBlock, this);
            }
            finally
            {
                _batch = null;
            }
        }

        public void RunBlock(int block)
        {
            var batch = _batch!;
            int end = Math.Min(batch.Rows, (block + 1) * RowsPerBlock);
            for (int r = block * RowsPerBlock; r < end; r++)
            {
                owner.ApplyToSample(batch.Row(r), _indices[r], _epoch);
            }
        }
    }
}
