using Backprop.Training;
using Backprop.Optimizers;

namespace Backprop.Callbacks;

/// <summary>
/// Sets the optimizer's learning rate from a <see cref="LearningRateSchedule"/> before every epoch (step t = epoch)
/// or, with <c>perBatch</c>, before every batch (t = epoch × batches per epoch + batch). The epoch is the zero-based
/// epoch index of the Fit, so steps count from 0 in a Fit that starts at epoch 0, and a Fit that starts later
/// (<c>FitOptions.InitialEpoch</c>) or resumes from a <see cref="BackupAndRestore"/> checkpoint continues the schedule
/// where it was; the callback keeps no state of its own. Example: <c>new LearningRateScheduler(new CosineDecay(0.01, decaySteps: 50))</c>.
/// </summary>
/// <remarks>Thread safety: keeps state for one <c>Fit</c>: Fit calls it in order from the thread that runs Fit; do not
/// share one instance between two Fits running at once.</remarks>
public sealed class LearningRateScheduler : Callback
{
    /// <summary>Creates the callback.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="perBatch">Step the schedule per batch instead of per epoch.</param>
    public LearningRateScheduler(LearningRateSchedule schedule, bool perBatch = false)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Schedule = schedule;
        PerBatch = perBatch;
    }

    /// <summary>The schedule.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>Whether the schedule advances per batch.</summary>
    public bool PerBatch { get; }

    /// <inheritdoc/>
    public override void OnEpochBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!PerBatch)
        {
            context.LearningRate = Checked(Schedule.LearningRate(context.Epoch), context.Epoch);
        }
    }

    /// <inheritdoc/>
    public override void OnBatchBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PerBatch)
        {
            long step = ((long)context.Epoch * context.BatchesPerEpoch) + context.Batch;
            context.LearningRate = Checked(Schedule.LearningRate(step), step);
        }
    }

    private double Checked(double lr, long step)
        => double.IsFinite(lr) && lr >= 0
            ? lr
            : throw new InvalidOperationException($"The schedule {Schedule.GetType().Name} returned the learning rate {lr} at step {step}; it must be finite and ≥ 0.");
}
