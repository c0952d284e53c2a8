namespace Backprop.Optimizers;

/// <summary>Piecewise-constant decay: <c>lr(t) = initial · factor^⌊t / stepSize⌋</c> (PyTorch StepLR).</summary>
/// <remarks>Thread safety: a pure function of the step with immutable settings; one instance may be shared by any
/// number of threads.</remarks>
public sealed class StepDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">lr(0).</param>
    /// <param name="factor">Multiplier per drop, in (0, 1].</param>
    /// <param name="stepSize">Steps between drops (≥ 1).</param>
    public StepDecay(double initialLearningRate, double factor, int stepSize)
    {
        InitialLearningRate = CheckRate(initialLearningRate, nameof(initialLearningRate));
        Factor = Guard.InRange(factor, 0, 1, nameof(factor), minExclusive: true);
        StepSize = Guard.AtLeast(stepSize, 1, nameof(stepSize));
    }

    /// <summary>lr(0).</summary>
    public double InitialLearningRate { get; }

    /// <summary>Multiplier per drop.</summary>
    public double Factor { get; }

    /// <summary>Steps between drops.</summary>
    public int StepSize { get; }

    /// <inheritdoc/>
    public override double LearningRate(long step)
    {
        CheckStep(step);
        return InitialLearningRate * Math.Pow(Factor, step / StepSize);
    }
}
