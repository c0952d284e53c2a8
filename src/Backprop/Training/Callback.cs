using Backprop.Training;

namespace Backprop.Training;

/// <summary>
/// Hooks on the training loop. Override the ones you need; callbacks run in the order given to <c>Fit</c>.
/// Use <see cref="TrainingContext.StopTraining"/> to stop and <see cref="TrainingContext.LearningRate"/> to change the step size.
/// </summary>
/// <remarks>Thread safety: Fit calls a callback in order, from the thread that runs Fit, so a callback needs no
/// locking; an instance keeps state for one Fit at a time. From a callback the model may be predicted, evaluated or
/// saved (Fit's own thread may call anything on its model); other threads may not use the model until Fit
/// returns.</remarks>
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
}
