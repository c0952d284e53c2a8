namespace Backprop.Optimizers;

/// <summary>
/// A learning rate as a function of a zero-based step t (an epoch or a batch, as the
/// <c>Backprop.Callbacks.LearningRateScheduler</c> decides). Built in: <see cref="StepDecay"/>, <see cref="ExponentialDecay"/>,
/// <see cref="CosineDecay"/> (optionally with warm restarts), <see cref="LinearWarmup"/>, <see cref="OneCycle"/>;
/// derive from this class for your own.
/// </summary>
/// <remarks>Thread safety: a pure function of the step with immutable settings; one instance may be shared by any
/// number of threads. A schedule of your own should be a pure function too.</remarks>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at step <paramref name="step"/>.</summary>
    /// <param name="step">Zero-based step (≥ 0).</param>
    /// <returns>The learning rate (finite, ≥ 0).</returns>
    public abstract double LearningRate(long step);

    /// <summary>Validates a rate argument (finite, ≥ 0).</summary>
    /// <param name="value">The value.</param>
    /// <param name="name">Its parameter name.</param>
    /// <returns>The value.</returns>
    protected static double CheckRate(double value, string name)
        => Guard.NonNegative(value, name);

    /// <summary>Validates a step argument.</summary>
    /// <param name="step">The step.</param>
    protected static void CheckStep(long step) => Guard.AtLeast(step, 0L, nameof(step));
}
