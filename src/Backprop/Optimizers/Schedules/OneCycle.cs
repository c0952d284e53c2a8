namespace Backprop.Optimizers;

/// <summary>
/// The one-cycle policy (Smith &amp; Topin), PyTorch <c>OneCycleLR</c> formulas with cosine annealing:
/// from <c>max/divFactor</c> up to <c>max</c> over the first <c>pctStart·total</c> steps, then down to
/// <c>max/(divFactor·finalDivFactor)</c> at step <c>total − 1</c>; each phase uses
/// <c>lr = end + (start − end)·(1 + cos(π·p))/2</c>, p = fraction of the phase done. Steps past the end keep the final rate.
/// Usually stepped per batch (<c>new LearningRateScheduler(schedule, perBatch: true)</c>).
/// </summary>
/// <remarks>Thread safety: a pure function of the step with immutable settings; one instance may be shared by any
/// number of threads.</remarks>
public sealed class OneCycle : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="maxLearningRate">The peak rate.</param>
    /// <param name="totalSteps">Steps in the cycle (≥ 2), e.g. epochs × batches per epoch.</param>
    /// <param name="pctStart">Fraction of the cycle spent rising, in (0, 1) (default 0.3).</param>
    /// <param name="divFactor">Initial rate = max / divFactor (default 25).</param>
    /// <param name="finalDivFactor">Final rate = initial / finalDivFactor (default 1e4).</param>
    public OneCycle(double maxLearningRate, long totalSteps, double pctStart = 0.3, double divFactor = 25, double finalDivFactor = 1e4)
    {
        MaxLearningRate = CheckRate(maxLearningRate, nameof(maxLearningRate));
        TotalSteps = Guard.AtLeast(totalSteps, 2L, nameof(totalSteps));
        Guard.InRange(pctStart, 0, 1, nameof(pctStart), minExclusive: true, maxExclusive: true);
        Guard.AtLeast(divFactor, 1, nameof(divFactor));
        Guard.AtLeast(finalDivFactor, 1, nameof(finalDivFactor));
        PctStart = pctStart;
        InitialLearningRate = maxLearningRate / divFactor;
        FinalLearningRate = InitialLearningRate / finalDivFactor;
    }

    /// <summary>The peak rate.</summary>
    public double MaxLearningRate { get; }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>The rate at the last step.</summary>
    public double FinalLearningRate { get; }

    /// <summary>Steps in the cycle.</summary>
    public long TotalSteps { get; }

    /// <summary>Fraction of the cycle spent rising.</summary>
    public double PctStart { get; }

    /// <inheritdoc/>
    public override double LearningRate(long step)
    {
        CheckStep(step);
        double peakStep = (PctStart * TotalSteps) - 1;
        double lastStep = TotalSteps - 1;
        if (step >= lastStep)
        {
            return FinalLearningRate;
        }

        if (step <= peakStep)
        {
            return peakStep <= 0 ? MaxLearningRate : Anneal(InitialLearningRate, MaxLearningRate, step / peakStep);
        }

        return Anneal(MaxLearningRate, FinalLearningRate, (step - peakStep) / (lastStep - peakStep));
    }

    private static double Anneal(double start, double end, double fraction)
        => end + ((start - end) * (1 + Math.Cos(Math.PI * fraction)) / 2);
}
