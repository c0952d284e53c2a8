using System.Diagnostics;
using System.Numerics;
using Backprop.Augmentation;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Optimizers;

namespace Backprop.Training;

/// <summary>The <c>Fit</c> loop: batching, shuffling, validation, metrics, callbacks and history.</summary>
internal static class Trainer
{
    public static History Fit<T>(Sequential<T> model, Dataset<T> data, Loss<T> loss, Optimizer<T> optimizer, FitOptions<T> options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var (train, validation) = SplitValidation(data, options);
        model.Build(train.FeatureCount, options.Seed);
        CheckTargets(model, train, "training");
        if (validation is not null)
        {
            if (validation.FeatureCount != train.FeatureCount)
            {
                throw new ArgumentException(
                    $"Validation data has {validation.FeatureCount} features but training data has {train.FeatureCount}.", nameof(options));
            }

            CheckTargets(model, validation, "validation");
        }

        var metrics = options.Metrics ?? DefaultMetrics(loss);
        model.RememberCompilation(loss, metrics);
        int batchSize = Math.Min(options.BatchSize, train.Count);
        int batches = (train.Count + batchSize - 1) / batchSize;
        var history = new History();
        var context = new TrainingContext(model, options.Epochs, batches, history, () => optimizer.LearningRate, lr => optimizer.LearningRate = lr);
        var order = new int[train.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Tensor2D<T>? x = null;
        Tensor2D<T>? y = null;
        Tensor2D<T>? w = null;
        var parameters = model.Parameters;
        var callbacks = options.Callbacks;
        var token = options.CancellationToken;
        using var augmented = options.Augmentation is null ? null : new AugmentedBatches<T>(train, options.Augmentation, model.OutputFeatures, options.PrefetchAugmentation ?? BackpropSettings.MaxThreads < Environment.ProcessorCount);
        foreach (var cb in callbacks)
        {
            cb.OnTrainBegin(context);
        }

        for (int epoch = 0; epoch < options.Epochs && !context.StopRequested; epoch++)
        {
            var clock = Stopwatch.StartNew();
            context.Epoch = epoch;
            context.Logs = new EpochLogs(epoch);
            foreach (var cb in callbacks)
            {
                cb.OnEpochBegin(context);
            }

            if (options.Shuffle)
            {
                new Random(unchecked((options.Seed * 7919) + epoch)).Shuffle(order);
            }

            foreach (var m in metrics)
            {
                m.Reset();
            }

            double dataLossSum = 0;
            double penaltySum = 0;
            int seen = 0;
            for (int b = 0; b < batches; b++)
            {
                if (token.IsCancellationRequested)
                {
                    context.StopTraining(StopReason.Cancelled);
                    break;
                }

                int start = b * batchSize;
                int rows = Math.Min(batchSize, train.Count - start);
                Tensor2D<T> xb, yb;
                if (augmented is null)
                {
                    Gather(train.Features, order.AsSpan(start, rows), ref x);
                    Gather(train.Targets, order.AsSpan(start, rows), ref y);
                    (xb, yb) = (x!, y!);
                }
                else
                {
                    (xb, yb) = augmented.Next(order, epoch, b, batchSize);
                }

                ReadOnlySpan<T> weights = GatherWeights(train, order.AsSpan(start, rows), ref w);
                context.Batch = b;
                for (int c = 0; c < callbacks.Count; c++)
                {
                    callbacks[c].OnBatchBegin(context);
                }

                var predictions = model.Forward(xb, training: true);
                double batchDataLoss = double.CreateTruncating(loss.Forward(predictions, yb, weights));
                double batchPenalty = model.RegularizationPenalty();
                model.BackwardDiscardingInputGradient(loss.Backward());
                optimizer.Step(parameters);
                for (int mi = 0; mi < metrics.Count; mi++)
                {
                    metrics[mi].Update(predictions, yb);
                }

                dataLossSum += batchDataLoss * rows;
                penaltySum += batchPenalty * rows;
                seen += rows;
                context.BatchDataLoss = batchDataLoss;
                context.BatchPenalty = batchPenalty;
                context.BatchLoss = batchDataLoss + batchPenalty;
                for (int c = 0; c < callbacks.Count; c++)
                {
                    callbacks[c].OnBatchEnd(context);
                }

                if (context.StopRequested)
                {
                    break;
                }
            }

            if (seen == 0)
            {
                break;
            }

            var logs = context.Logs;
            logs[LogKeys.DataLoss] = dataLossSum / seen;
            logs[LogKeys.Penalty] = penaltySum / seen;
            logs[LogKeys.Loss] = (dataLossSum + penaltySum) / seen;
            foreach (var m in metrics)
            {
                logs[m.Name] = m.Result();
            }

            if (validation is not null)
            {
                var val = model.Evaluate(validation, loss, metrics);
                double valPenalty = model.RegularizationPenalty(); // parameters only: Evaluate ran in evaluation mode
                logs[LogKeys.ValidationDataLoss] = val.Loss;
                logs[LogKeys.ValidationPenalty] = valPenalty;
                logs[LogKeys.ValidationLoss] = val.Loss + valPenalty;
                foreach (var kv in val.Metrics)
                {
                    logs[LogKeys.ValidationPrefix + kv.Key] = kv.Value;
                }
            }

            logs[LogKeys.LearningRate] = optimizer.LearningRate;
            history.Add(logs);
            foreach (var cb in callbacks)
            {
                cb.OnEpochEnd(context);
            }

            options.Progress?.Report(new EpochProgress(epoch, options.Epochs, logs, clock.Elapsed));
            if (token.IsCancellationRequested)
            {
                context.StopTraining(StopReason.Cancelled);
            }
        }

        history.StopReason = context.RequestedStopReason ?? StopReason.MaxEpochs;
        foreach (var cb in callbacks)
        {
            cb.OnTrainEnd(context);
        }

        return history;
    }

    internal static void Gather<T>(Tensor2D<T> source, ReadOnlySpan<int> rows, ref Tensor2D<T>? destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dst = Tensor2D<T>.Ensure(ref destination, rows.Length, source.Columns);
        for (int i = 0; i < rows.Length; i++)
        {
            source.Row(rows[i]).CopyTo(dst.Row(i));
        }
    }

    /// <summary>The batch's sample weights (empty when the data set has none).</summary>
    internal static ReadOnlySpan<T> GatherWeights<T>(Dataset<T> data, ReadOnlySpan<int> rows, ref Tensor2D<T>? destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.SampleWeights is null)
        {
            return default;
        }

        Gather(data.SampleWeights, rows, ref destination);
        return destination!.Span;
    }

    internal static IReadOnlyList<Metric> DefaultMetrics<T>(Loss<T> loss)
        where T : unmanaged, IFloatingPointIeee754<T>
        => loss switch
        {
            CategoricalCrossEntropy<T> => [new Accuracy()],
            BinaryCrossEntropy<T> bce => [new Accuracy(bce.FromLogits ? 0.0 : 0.5)],
            _ => [],
        };

    internal static void CheckTargets<T>(Sequential<T> model, Dataset<T> data, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outputs = model.OutputFeatures;
        if (data.Targets.Columns == 1 && outputs > 1)
        {
            ReadOnlySpan<T> t = data.Targets.Span;
            for (int i = 0; i < t.Length; i++)
            {
                if (!T.IsInteger(t[i]) || t[i] < T.Zero || t[i] >= T.CreateTruncating(outputs))
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(data),
                        $"The {what} label at row {i} is {t[i]}, but the model has {outputs} outputs, so labels must be integers in [0, {outputs}).");
                }
            }
        }
        else if (data.Targets.Columns != outputs)
        {
            throw new ArgumentException(
                $"The {what} targets have {data.Targets.Columns} columns but the model has {outputs} outputs.", nameof(data));
        }
    }

    private static void Validate<T>(FitOptions<T> options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (options.Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, $"Epochs must be ≥ 1; got {options.Epochs}.");
        }

        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, $"Batch size must be ≥ 1; got {options.BatchSize}.");
        }

        if (!(options.ValidationSplit >= 0 && options.ValidationSplit < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationSplit, $"Validation split must be in [0, 1); got {options.ValidationSplit}.");
        }

        if (options.ValidationSplit > 0 && options.ValidationData is not null)
        {
            throw new ArgumentException("Give either validation data or a validation split, not both.", nameof(options));
        }
    }

    private static (Dataset<T> Train, Dataset<T>? Validation) SplitValidation<T>(Dataset<T> data, FitOptions<T> options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (options.ValidationSplit == 0)
        {
            return (data, options.ValidationData);
        }

        var (train, val) = options.StratifyValidationSplit
            ? data.SplitStratified(options.ValidationSplit, options.Seed)
            : data.Split(options.ValidationSplit, options.Seed);
        return (train, val);
    }
}
