using System.Numerics;
using Backprop.Losses;
using Backprop.Optimizers;

namespace Backprop.Training;

/// <summary>
/// One optimisation step, the five lines a PyTorch user writes by hand: forward, data loss, penalty, backward,
/// optimizer step. The input gradient of the first layer is not computed (nobody reads it).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class TrainStep<T>(ITrainableModel<T> model, Loss<T> loss, Optimizer<T> optimizer, bool refuseNonFinite)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Trains on one batch.</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>
    /// The batch's data loss and penalty, and the predictions (owned by the model, valid until its next forward); when
    /// the objective is not finite and refusing is on, the step stops before backward and nothing is updated.
    /// </returns>
    public StepResult<T> Run(in TrainingBatch<T> batch)
    {
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
}
