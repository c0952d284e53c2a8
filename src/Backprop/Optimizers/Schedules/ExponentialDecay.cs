namespace Backprop.Optimizers;

/// <summary>
/// Exponential decay: <c>lr(t) = initial · rate^(t / decaySteps)</c>, or with <c>staircase</c>
/// <c>initial · rate^⌊t / decaySteps⌋</c> (Keras ExponentialDecay).
/// </summary>
/// <remarks>Thread safety: a pure function of the step with immutable settings; one instance may be shared by any
/// number of threads.</remarks>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">lr(0).</param>
    /// <param name="decayRate">Multiplier per <paramref name="decaySteps"/>, in (0, 1].</param>
    /// <param name="decaySteps">Steps per full decay (≥ 1, default 1).</param>
    /// <param name="staircase">Decay in whole steps of <paramref name="decaySteps"/>.</param>
    public ExponentialDecay(double initialLearningRate, double decayRate, int decaySteps = 1, bool staircase = false)
    {
        InitialLearningRate = CheckRate(initialLearningRate, nameof(initialLearningRate));
        DecayRate = Guard.InRange(decayRate, 0, 1, nameof(decayRate), minExclusive: true);
        DecaySteps = Guard.AtLeast(decaySteps, 1, nameof(decaySteps));
        Staircase = staircase;
    }

    /// <summary>lr(0).</summary>
    public double InitialLearningRate { get; }

    /// <summary>Multiplier per <see cref="DecaySteps"/>.</summary>
    public double DecayRate { get; }

    /// <summary>Steps per full decay.</summary>
    public int DecaySteps { get; }

    /// <summary>Whether the exponent is floored.</summary>
    public bool Staircase { get; }

    /// <inheritdoc/>
    public override double LearningRate(long step)
    {
        CheckStep(step);
        double exponent = Staircase ? step / DecaySteps : (double)step / DecaySteps;
        return InitialLearningRate * Math.Pow(DecayRate, exponent);
    }
}
