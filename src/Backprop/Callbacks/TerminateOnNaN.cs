using Backprop.Training;

namespace Backprop.Callbacks;

/// <summary>
/// Stops training as soon as a batch's training objective (data loss + penalty) is NaN or infinite, with
/// <see cref="StopReason.NaN"/>. The batch's update has already been applied; combine with
/// <c>EarlyStopping(restoreBestWeights: true)</c> to get usable weights back.
/// </summary>
/// <remarks>Thread safety: keeps state for one <c>Fit</c>: Fit calls it in order from the thread that runs Fit; do not
/// share one instance between two Fits running at once.</remarks>
public sealed class TerminateOnNaN : Callback
{
    /// <summary>Zero-based (epoch, batch) where the non-finite loss appeared in the last Fit, or null.</summary>
    public (int Epoch, int Batch)? StoppedAt { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context) => StoppedAt = null;

    /// <inheritdoc/>
    public override void SaveState(CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Set("stopped_epoch", StoppedAt?.Epoch);
        state.Set("stopped_batch", StoppedAt?.Batch);
    }

    /// <inheritdoc/>
    public override void LoadState(CallbackState state, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        int? epoch = state.GetNullableInt32("stopped_epoch"), batch = state.GetNullableInt32("stopped_batch");
        StoppedAt = epoch is int e && batch is int b ? (e, b) : null;
    }

    /// <inheritdoc/>
    public override void OnBatchEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!double.IsFinite(context.BatchLoss) && StoppedAt is null)
        {
            StoppedAt = (context.Epoch, context.Batch);
            context.StopTraining(StopReason.NaN);
        }
    }
}
