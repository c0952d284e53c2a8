namespace Backprop.Optimizers;

/// <summary>
/// Cosine annealing from <c>initial</c> to <c>minimum</c> over a period of P steps:
/// <c>lr = min + (peak − min)·(1 + cos(π·τ/P))/2</c>, τ = steps into the period.
/// Without restarts, one period of <c>decaySteps</c> and then <c>minimum</c> forever. With warm restarts (SGDR,
/// Loshchilov &amp; Hutter): period i lasts <c>decaySteps·periodMultiplier^i</c> steps and starts again at
/// <c>peak = initial·restartDecay^i</c>.
/// </summary>
/// <remarks>Thread safety: a pure function of the step with immutable settings; one instance may be shared by any
/// number of threads.</remarks>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">lr(0), the peak of the first period.</param>
    /// <param name="decaySteps">Length of the (first) period P (≥ 1).</param>
    /// <param name="minimumLearningRate">Lowest rate (≤ initial; default 0).</param>
    /// <param name="warmRestarts">Restart the cosine at the end of each period.</param>
    /// <param name="periodMultiplier">With restarts: each period is this many times longer (≥ 1; T_mult).</param>
    /// <param name="restartDecay">With restarts: each period's peak is this many times the previous one (in (0, 1]).</param>
    public CosineDecay(double initialLearningRate, int decaySteps, double minimumLearningRate = 0, bool warmRestarts = false, double periodMultiplier = 1, double restartDecay = 1)
    {
        InitialLearningRate = CheckRate(initialLearningRate, nameof(initialLearningRate));
        MinimumLearningRate = CheckRate(minimumLearningRate, nameof(minimumLearningRate));
        if (minimumLearningRate > initialLearningRate)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumLearningRate), minimumLearningRate, $"The minimum learning rate exceeds the initial one ({initialLearningRate}).");
        }

        DecaySteps = Guard.AtLeast(decaySteps, 1, nameof(decaySteps));
        Guard.AtLeast(periodMultiplier, 1, nameof(periodMultiplier));
        Guard.InRange(restartDecay, 0, 1, nameof(restartDecay), minExclusive: true);
        WarmRestarts = warmRestarts;
        PeriodMultiplier = periodMultiplier;
        RestartDecay = restartDecay;
    }

    /// <summary>lr(0).</summary>
    public double InitialLearningRate { get; }

    /// <summary>The floor.</summary>
    public double MinimumLearningRate { get; }

    /// <summary>Length of the first period.</summary>
    public int DecaySteps { get; }

    /// <summary>Whether the schedule restarts.</summary>
    public bool WarmRestarts { get; }

    /// <summary>Growth of successive periods.</summary>
    public double PeriodMultiplier { get; }

    /// <summary>Decay of successive peaks.</summary>
    public double RestartDecay { get; }

    /// <inheritdoc/>
    public override double LearningRate(long step)
    {
        CheckStep(step);
        double peak = InitialLearningRate;
        double period = DecaySteps;
        double tau = step;
        if (!WarmRestarts)
        {
            if (tau >= period)
            {
                return MinimumLearningRate;
            }
        }
        else
        {
            while (tau >= period)
            {
                tau -= period;
                period *= PeriodMultiplier;
                peak *= RestartDecay;
            }
        }

        double low = Math.Min(MinimumLearningRate, peak);
        return low + ((peak - low) * (1 + Math.Cos(Math.PI * tau / period)) / 2);
    }
}
