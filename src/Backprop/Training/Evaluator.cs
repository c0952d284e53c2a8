using System.Numerics;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Metrics;

namespace Backprop.Training;

/// <summary>
/// <c>Evaluate</c>: the mean loss and metrics of a model over a data set, in evaluation mode (no dropout, no noise,
/// batch normalization on its running statistics, no regularization penalty), in batches.
/// </summary>
/// <remarks>
/// Thread safety: concurrent calls on one model are safe (the outputs come from <see cref="ITrainableModel{T}.Infer"/>,
/// the batch buffers from a pool) as long as nothing trains the model meanwhile — <c>Sequential.Evaluate</c> checks
/// that, a direct call here does not. Each call needs its own metric instances (a metric already in use by another
/// call makes this one throw); one loss instance may be shared, its computation is serialized.
/// </remarks>
public static class Evaluator
{
    /// <summary>Evaluates <paramref name="model"/> on <paramref name="data"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model, built (trained, loaded, or built explicitly).</param>
    /// <param name="data">The data.</param>
    /// <param name="loss">The loss (none gives a NaN loss).</param>
    /// <param name="metrics">Metrics (default: <see cref="DefaultMetrics.For{T}"/>).</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    /// <returns>Loss (the sample-weighted mean when <paramref name="data"/> has sample weights) and metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1, or a label is outside [0, outputs).</exception>
    /// <exception cref="ArgumentException">The data's feature or target width does not fit the model, or the data holds NaN or ∞.</exception>
    /// <exception cref="InvalidOperationException">
    /// The model was never built, so its weights are random; or a metric is in use by another evaluation running at
    /// the same time.
    /// </exception>
    public static EvaluationResult Evaluate<T>(
        ITrainableModel<T> model, Dataset<T> data, Loss<T>? loss = null, IReadOnlyList<Metric>? metrics = null, int batchSize = 256)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!model.IsBuilt)
        {
            throw new InvalidOperationException("The model is not built, so its weights are random: train it (Fit), load it (Sequential.Load) or call Build first.");
        }

        TargetCheck.Fits(data, model.InputFeatures, model.OutputFeatures, "evaluation");
        data.EnsureStillFinite("evaluation");
        metrics ??= DefaultMetrics.For(loss, model.OutputFeatures, data);
        loss?.Use.CheckFree($"The loss {loss.Name}");
        using var claims = StateClaims.TakeMetrics(metrics);
        var buffers = Buffers<T>.Pool.Rent();
        try
        {
            for (int i = 0; i < metrics.Count; i++)
            {
                metrics[i].Reset();
            }

            double lossSum = 0;
            for (int start = 0; start < data.Count; start += batchSize)
            {
                int n = Math.Min(batchSize, data.Count - start);
                var x = CopyRows(data.Features, start, n, ref buffers.Features);
                var y = CopyRows(data.Targets, start, n, ref buffers.Targets);
                var w = data.SampleWeights is null ? null : CopyRows(data.SampleWeights, start, n, ref buffers.Weights);
                var predictions = Tensor2D<T>.Ensure(ref buffers.Predictions, n, model.OutputFeatures);
                model.Infer(x, predictions);
                if (loss is not null)
                {
                    // A loss keeps the gradient of its last batch: calls sharing one take turns through it.
                    lock (loss)
                    {
                        lossSum += double.CreateTruncating(loss.Forward(predictions, y, w is null ? default : w.Span)) * n;
                    }
                }

                for (int i = 0; i < metrics.Count; i++)
                {
                    metrics[i].Update(predictions, y);
                }
            }

            var values = metrics.ToDictionary(m => m.Name, m => m.Result(), StringComparer.Ordinal);
            return new EvaluationResult(loss is null ? double.NaN : lossSum / data.Count, values);
        }
        finally
        {
            Buffers<T>.Pool.Return(buffers);
        }
    }

    private static Tensor2D<T> CopyRows<T>(Tensor2D<T> source, int start, int rows, ref Tensor2D<T>? destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var buffer = Tensor2D<T>.Ensure(ref destination, rows, source.Columns);
        source.Span.Slice(start * source.Columns, rows * source.Columns).CopyTo(buffer.Span);
        return buffer;
    }

    /// <summary>One evaluation's batch buffers, pooled so that repeated and concurrent calls reuse them.</summary>
    private sealed class Buffers<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly ScratchPool<Buffers<T>> Pool = new(() => new Buffers<T>(), ScratchPool<Buffers<T>>.DefaultCapacity);

        public Tensor2D<T>? Features;
        public Tensor2D<T>? Targets;
        public Tensor2D<T>? Weights;
        public Tensor2D<T>? Predictions;
    }
}
