using System.Numerics;
using Backprop.Losses;
using Backprop.Optimizers;

namespace Backprop.Training;

/// <summary>
/// One optimisation step, the five lines a PyTorch user writes by hand: forward, data loss, penalty, backward,
/// optimizer step. The input gradient of the first layer is not computed (nobody reads it). In data-parallel training
/// the step trains this rank's shard and sums the ranks' gradients before the optimizer step (<see cref="Replicas{T}"/>).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class TrainStep<T>(ITrainableModel<T> model, Loss<T> loss, Optimizer<T> optimizer, bool refuseNonFinite, Replicas<T>? replicas)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private Tensor2D<T>? _noPredictions;

    /// <summary>Trains on one batch.</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>
    /// The batch's data loss and penalty, and the predictions (owned by the model, valid until its next forward); when
    /// the objective is not finite and refusing is on, the step stops before backward and nothing is updated.
    /// </returns>
    public StepResult<T> Run(in TrainingBatch<T> batch)
    {
        if (replicas is not null)
        {
            return RunShard(batch, replicas);
        }

        var predictions = model.Forward(batch.Features, training: true);
        double dataLoss = double.CreateTruncating(loss.Forward(predictions, batch.Targets, batch.Weights));
        double penalty = model.RegularizationPenalty();
        if (refuseNonFinite && !double.IsFinite(dataLoss + penalty))
        {
            return new StepResult<T>(dataLoss, penalty, predictions, Applied: false);
        }

        model.BackwardParametersOnly(loss.Backward());
        optimizer.Step(model.Parameters);
        return new StepResult<T>(dataLoss, penalty, predictions);
    }

    /// <summary>
    /// This rank's part of a data-parallel step: forward and backward on its shard (always, so that every rank reaches the
    /// all-reduce), the ranks' gradients summed, then — when the whole batch's objective is finite — the update.
    /// </summary>
    private StepResult<T> RunShard(in TrainingBatch<T> batch, Replicas<T> replicas)
    {
        replicas.BeginShard(batch);
        double dataLoss = 0;
        double penalty = 0;
        var predictions = _noPredictions ??= new Tensor2D<T>(0, model.OutputFeatures);
        if (batch.Rows > 0)
        {
            predictions = model.Forward(batch.Features, training: true);
            dataLoss = double.CreateTruncating(loss.Forward(predictions, batch.Targets, batch.Weights));
            penalty = model.RegularizationPenalty();
            model.BackwardParametersOnly(loss.Backward());
        }

        var (batchLoss, batchPenalty) = replicas.ReduceGradients(batch, dataLoss, penalty);
        bool apply = !refuseNonFinite || double.IsFinite(batchLoss + batchPenalty);
        if (apply)
        {
            optimizer.Step(model.Parameters);
        }
        else
        {
            foreach (var p in model.Parameters)
            {
                p.ZeroGradient();
            }
        }

        return new StepResult<T>(dataLoss, penalty, predictions, apply) { BatchDataLoss = batchLoss, BatchPenalty = batchPenalty };
    }
}
