using System.Numerics;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Metrics;

namespace Backprop.Training;

/// <summary>
/// <c>Evaluate</c>: the mean loss and metrics of a model over a data set, in evaluation mode (no dropout, no noise,
/// batch normalization on its running statistics, no regularization penalty), in batches.
/// </summary>
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
    /// <exception cref="InvalidOperationException">The model was never built, so its weights are random.</exception>
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
        foreach (var m in metrics)
        {
            m.Reset();
        }

        double lossSum = 0;
        Tensor2D<T>? x = null, y = null, w = null;
        var rows = new int[Math.Min(batchSize, data.Count)];
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, data.Count - start);
            for (int i = 0; i < n; i++)
            {
                rows[i] = start + i;
            }

            var batch = new TrainingBatch<T>(
                data.Features.GatherRows(rows.AsSpan(0, n), ref x),
                data.Targets.GatherRows(rows.AsSpan(0, n), ref y),
                data.SampleWeights?.GatherRows(rows.AsSpan(0, n), ref w));
            var predictions = model.Forward(batch.Features, training: false);
            if (loss is not null)
            {
                lossSum += double.CreateTruncating(loss.Forward(predictions, batch.Targets, batch.Weights)) * n;
            }

            foreach (var m in metrics)
            {
                m.Update(predictions, batch.Targets);
            }
        }

        var values = metrics.ToDictionary(m => m.Name, m => m.Result(), StringComparer.Ordinal);
        return new EvaluationResult(loss is null ? double.NaN : lossSum / data.Count, values);
    }
}
