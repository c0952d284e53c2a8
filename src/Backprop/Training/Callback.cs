namespace Backprop.Training;

/// <summary>
/// Hooks on the training loop. Override the ones you need; callbacks run in the order given to <c>Fit</c>.
/// Use <see cref="TrainingContext.StopTraining"/> to stop and <see cref="TrainingContext.LearningRate"/> to change the step size.
/// </summary>
/// <remarks>
/// <para>Thread safety: Fit calls a callback in order, from the thread that runs Fit, so a callback needs no
/// locking; an instance keeps state for one Fit at a time. From a callback the model may be predicted, evaluated or
/// saved (Fit's own thread may call anything on its model); other threads may not use the model until Fit
/// returns.</para>
/// <para>A callback whose decisions depend on earlier epochs (a best value, a wait counter) overrides
/// <see cref="SaveState"/> and <see cref="LoadState"/>, so that a <c>Fit</c> resumed from a checkpoint
/// (<c>BackupAndRestore</c>) continues exactly as the uninterrupted run would have.</para>
/// </remarks>
// Fit asks a callback's runtime type which hooks it overrides (CallbackList.HasBatchHooks): the annotation keeps the
// public methods of every callback type for that, also in a trimmed or NativeAOT app.
[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicMethods)]
public abstract class Callback
{
    /// <summary>Before the first epoch. Reset per-run state here so a callback can serve several Fit calls.</summary>
    /// <param name="context">The training context.</param>
    public virtual void OnTrainBegin(TrainingContext context)
    {
    }

    /// <summary>After the last epoch (also when training stopped early).</summary>
    /// <param name="context">The training context.</param>
    public virtual void OnTrainEnd(TrainingContext context)
    {
    }

    /// <summary>At the start of each epoch.</summary>
    /// <param name="context">The training context.</param>
    public virtual void OnEpochBegin(TrainingContext context)
    {
    }

    /// <summary>At the end of each epoch, with complete logs (training and validation).</summary>
    /// <param name="context">The training context.</param>
    public virtual void OnEpochEnd(TrainingContext context)
    {
    }

    /// <summary>Before each training batch.</summary>
    /// <param name="context">The training context.</param>
    public virtual void OnBatchBegin(TrainingContext context)
    {
    }

    /// <summary>After each training batch (after the optimizer step).</summary>
    /// <param name="context">The training context.</param>
    public virtual void OnBatchEnd(TrainingContext context)
    {
    }

    /// <summary>
    /// Writes what this callback must remember for an exact resume into <paramref name="state"/>. Called when a
    /// training checkpoint is written: after every callback's <see cref="OnEpochEnd"/>. The default saves nothing (a
    /// callback that is a function of the epoch and the logs needs nothing).
    /// </summary>
    /// <param name="state">Where to write.</param>
    public virtual void SaveState(CallbackState state)
    {
    }

    /// <summary>
    /// Puts back what <see cref="SaveState"/> wrote. Called when <c>Fit</c> resumes from a checkpoint: after every
    /// callback's <see cref="OnTrainBegin"/> (so the state is not reset again) and after the weights, the optimizer and
    /// <see cref="TrainingContext.History"/> were restored, before the first resumed epoch.
    /// </summary>
    /// <param name="state">What <see cref="SaveState"/> wrote (empty when it wrote nothing).</param>
    /// <param name="context">The training context.</param>
    public virtual void LoadState(CallbackState state, TrainingContext context)
    {
    }
}
