namespace Backprop.Training;

/// <summary>The callbacks of one <c>Fit</c>, called in order with the shared <see cref="TrainingContext"/>.</summary>
internal sealed class CallbackList(IReadOnlyList<Callback> callbacks, TrainingContext context)
{
    /// <summary>True when a callback overrides a batch hook (it may then stop training or change the rate after any batch).</summary>
    public bool HasBatchHooks { get; } = callbacks.Any(c =>
        c.GetType().GetMethod(nameof(Callback.OnBatchBegin))!.DeclaringType != typeof(Callback) ||
        c.GetType().GetMethod(nameof(Callback.OnBatchEnd))!.DeclaringType != typeof(Callback));

    public void TrainBegin() => Each(static (c, x) => c.OnTrainBegin(x));

    public void EpochBegin() => Each(static (c, x) => c.OnEpochBegin(x));

    public void BatchBegin() => Each(static (c, x) => c.OnBatchBegin(x));

    public void BatchEnd() => Each(static (c, x) => c.OnBatchEnd(x));

    public void EpochEnd() => Each(static (c, x) => c.OnEpochEnd(x));

    public void TrainEnd() => Each(static (c, x) => c.OnTrainEnd(x));

    // Static lambdas are cached by the compiler: calling a hook allocates nothing.
    private void Each(Action<Callback, TrainingContext> hook)
    {
        for (int i = 0; i < callbacks.Count; i++)
        {
            hook(callbacks[i], context);
        }
    }
}
