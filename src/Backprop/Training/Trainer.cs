using System.Diagnostics;
using System.Numerics;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop.Training;

/// <summary>
/// The <c>Fit</c> loop. Each epoch: the <see cref="BatchSource{T}"/> yields batches (shuffled, gathered, augmented),
/// a <see cref="TrainStep{T}"/> trains on each, the <see cref="EpochLedger"/> sums losses and metrics, validation
/// is evaluated, and the <see cref="CallbackList"/> is told at every boundary.
/// </summary>
internal static class Trainer
{
    public static History Fit<T>(ITrainableModel<T> model, Dataset<T> data, Loss<T> loss, Optimizer<T> optimizer, FitOptions<T> options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        try
        {
            return Run(model, data, loss, optimizer, options);
        }
        catch (Exception e) when (options?.Distributed is { } collective)
        {
            collective.Abort(e); // the other ranks must not wait for this one forever (over MPI this ends the job)
            throw;
        }
    }

    private static History Run<T>(ITrainableModel<T> model, Dataset<T> data, Loss<T> loss, Optimizer<T> optimizer, FitOptions<T> options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (train, validation) = Prepare(model, data, loss, optimizer, options);
        var metrics = options.Metrics ?? DefaultMetrics.For(loss, model.OutputFeatures, train);
        using var claims = StateClaims.Take(loss, optimizer, metrics);
        var replicas = options.Distributed is { } collective ? new Replicas<T>(collective, model, optimizer) : null;
        replicas?.CheckSameFit(train, options, metrics, loss);
        bool root = replicas?.IsRoot ?? true;
        using var batches = new BatchSource<T>(train, options, model.OutputFeatures, replicas?.Shard ?? Shard.Whole);
        var history = new History(metrics);
        var context = new TrainingContext(
            model, options.Epochs, batches.Count, history, () => optimizer.LearningRate, lr => optimizer.LearningRate = lr, metrics);
        var session = new FitSession<T>(model, optimizer, options, train, context);
        context.Session = session;
        var callbacks = new CallbackList(root ? options.Callbacks : [], context); // only rank 0 runs callbacks and writes files
        var step = new TrainStep<T>(model, loss, optimizer, options.StopOnNonFiniteLoss, replicas);
        var backup = options.StopOnNonFiniteLoss ? new WeightBackup<T>(model.Parameters) : null;
        var epoch = new EpochRunner<T>(batches, step, new EpochLedger(metrics), callbacks, context, backup, replicas);
        var validationShard = validation is null || replicas is null ? validation : replicas.ShardOf(validation);
        callbacks.TrainBegin();
        int first = session.Resume is var (path, registry) ? session.Restore(path, registry) : options.InitialEpoch;
        first = replicas?.ShareStartState(first, context, callbacks.HasBatchHooks || options.CancellationToken.CanBeCanceled) ?? first;
        session.WriteRequestedCheckpoints(first, write: true);
        for (int e = first; e < options.Epochs && !context.StopRequested; e++)
        {
            var clock = Stopwatch.StartNew();
            if (!epoch.Run(e, options.CancellationToken))
            {
                break; // stopped before the first batch of the epoch: nothing to log
            }

            replicas?.ShareBuffers();
            var logs = context.Logs;
            if (validation is not null)
            {
                LogValidation(model, validationShard, loss, metrics, logs, replicas);
            }

            logs[LogKeys.LearningRate] = optimizer.LearningRate;
            history.Add(logs);
            callbacks.EpochEnd();

            // Checkpoints (BackupAndRestore) are written once every callback has seen the epoch's end; an epoch cut short
            // by cancellation is an interruption, not a finished epoch, so the previous checkpoint stays.
            session.WriteRequestedCheckpoints(e + 1, write: epoch.RanAllBatches || context.RequestedStopReason != StopReason.Cancelled);
            if (root)
            {
                options.Progress?.Report(new EpochProgress(e, options.Epochs, logs, clock.Elapsed));
            }

            if (options.CancellationToken.IsCancellationRequested && replicas is null)
            {
                context.StopTraining(StopReason.Cancelled);
            }

            replicas?.Agree(context, options.CancellationToken);
            replicas?.CheckWeights(e);
        }

        history.StopReason = context.RequestedStopReason ?? StopReason.MaxEpochs;
        callbacks.TrainEnd();
        replicas?.ShareWeights();
        return history;
    }

    /// <summary>Checks the arguments, splits off validation data, builds the model and checks that the data fits it.</summary>
    private static (Dataset<T> Train, Dataset<T>? Validation) Prepare<T>(
        ITrainableModel<T> model, Dataset<T> data, Loss<T> loss, Optimizer<T> optimizer, FitOptions<T> options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (train, validation) = options.ValidationSplit == 0
            ? (data, options.ValidationData)
            : options.StratifyValidationSplit
                ? data.SplitStratified(options.ValidationSplit, options.Seed)
                : data.Split(options.ValidationSplit, options.Seed);
        model.Build(train.FeatureCount, options.Seed);
        TargetCheck.Fits(train, train.FeatureCount, model.OutputFeatures, "training");
        train.EnsureStillFinite("training");
        if (validation is not null)
        {
            TargetCheck.Fits(validation, train.FeatureCount, model.OutputFeatures, "validation");
            validation.EnsureStillFinite("validation");
        }

        return (train, validation);
    }

    /// <summary>Logs validation loss (data loss + the parameter penalty, kept apart too) and metrics with the <c>val_</c> prefix.</summary>
    /// <remarks>In data-parallel training each rank evaluates its part of the validation data and the sums are combined.</remarks>
    private static void LogValidation<T>(
        ITrainableModel<T> model, Dataset<T>? validation, Loss<T> loss, IReadOnlyList<Metric> metrics, EpochLogs logs, Replicas<T>? replicas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (valLoss, valMetrics) = replicas is null
            ? Evaluator.Evaluate(model, validation!, loss, metrics) is var one ? (one.Loss, one.Metrics) : default
            : replicas.Evaluate(validation, loss, metrics);
        double penalty = Penalties.OfParameters(model.Parameters); // parameters only: evaluation has no activity penalty
        logs[LogKeys.ValidationDataLoss] = valLoss;
        logs[LogKeys.ValidationPenalty] = penalty;
        logs[LogKeys.ValidationLoss] = valLoss + penalty;
        foreach (var kv in valMetrics)
        {
            logs[LogKeys.ValidationPrefix + kv.Key] = kv.Value;
        }
    }
}
