namespace Backprop.Optimizers;

/// <summary>
/// Linear warm-up in front of another schedule: for <c>t &lt; W</c>,
/// <c>lr(t) = start + (target − start)·(t + 1)/W</c> with <c>target = after.LearningRate(0)</c> (so the first step
/// already moves and step W − 1 reaches the target); from then on <c>lr(t) = after.LearningRate(t − W)</c>.
/// </summary>
/// <remarks>Thread safety: a pure function of the step with immutable settings; one instance may be shared by any
/// number of threads.</remarks>
public sealed class LinearWarmup : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="after">The schedule that follows the warm-up.</param>
    /// <param name="warmupSteps">Warm-up length W (≥ 1).</param>
    /// <param name="startLearningRate">The rate the ramp starts from (default 0).</param>
    public LinearWarmup(LearningRateSchedule after, int warmupSteps, double startLearningRate = 0)
    {
        ArgumentNullException.ThrowIfNull(after);
        After = after;
        WarmupSteps = Guard.AtLeast(warmupSteps, 1, nameof(warmupSteps));
        StartLearningRate = CheckRate(startLearningRate, nameof(startLearningRate));
    }

    /// <summary>Creates a warm-up to a constant rate.</summary>
    /// <param name="targetLearningRate">The rate reached at the end of the warm-up and kept afterwards.</param>
    /// <param name="warmupSteps">Warm-up length W (≥ 1).</param>
    /// <param name="startLearningRate">The rate the ramp starts from (default 0).</param>
    public LinearWarmup(double targetLearningRate, int warmupSteps, double startLearningRate = 0)
        : this(new StepDecay(targetLearningRate, 1, 1), warmupSteps, startLearningRate)
    {
    }

    /// <summary>The schedule after the warm-up.</summary>
    public LearningRateSchedule After { get; }

    /// <summary>Warm-up length.</summary>
    public int WarmupSteps { get; }

    /// <summary>The start of the ramp.</summary>
    public double StartLearningRate { get; }

    /// <inheritdoc/>
    public override double LearningRate(long step)
    {
        CheckStep(step);
        if (step >= WarmupSteps)
        {
            return After.LearningRate(step - WarmupSteps);
        }

        double target = After.LearningRate(0);
        return StartLearningRate + ((target - StartLearningRate) * (step + 1) / WarmupSteps);
    }
}
