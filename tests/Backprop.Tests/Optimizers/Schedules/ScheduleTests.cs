using Backprop.Tests.Callbacks;
using Backprop.Callbacks;
using Backprop.Training;
using Backprop.Optimizers;

namespace Backprop.Tests.Optimizers;

public class ScheduleTests
{
    private static double[] Rates(LearningRateSchedule s, int n) => Enumerable.Range(0, n).Select(t => s.LearningRate(t)).ToArray();

    private static void ShouldBe(double[] actual, params double[] expected)
    {
        actual.Should().HaveCount(expected.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            actual[i].Should().BeApproximately(expected[i], 1e-15, $"step {i}");
        }
    }

    [Fact]
    public void Step_decay() => ShouldBe(Rates(new StepDecay(0.1, 0.5, 3), 8), 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025);

    [Fact]
    public void Exponential_decay_smooth_and_staircase()
    {
        ShouldBe(Rates(new ExponentialDecay(0.1, 0.5, decaySteps: 2), 4), 0.1, 0.1 * Math.Sqrt(0.5), 0.05, 0.05 * Math.Sqrt(0.5));
        ShouldBe(Rates(new ExponentialDecay(0.1, 0.5, decaySteps: 2, staircase: true), 5), 0.1, 0.1, 0.05, 0.05, 0.025);
    }

    [Fact]
    public void Cosine_decay_then_floor()
    {
        double c = (1 + Math.Cos(Math.PI / 4)) / 2;
        ShouldBe(Rates(new CosineDecay(1.0, 4), 6), 1, c, 0.5, 1 - c, 0, 0);
        ShouldBe(Rates(new CosineDecay(1.0, 4, minimumLearningRate: 0.1), 6), 1, 0.1 + (0.9 * c), 0.55, 0.1 + (0.9 * (1 - c)), 0.1, 0.1);
    }

    [Fact]
    public void Cosine_with_warm_restarts_longer_periods_and_lower_peaks()
    {
        // Periods [0, 2) peak 1, [2, 6) peak 0.5, [6, 14) peak 0.25.
        double c = (1 + Math.Cos(Math.PI / 4)) / 2;
        ShouldBe(
            Rates(new CosineDecay(1.0, 2, warmRestarts: true, periodMultiplier: 2, restartDecay: 0.5), 8),
            1, 0.5, 0.5, 0.5 * c, 0.25, 0.5 * (1 - c), 0.25, 0.25 * (1 + Math.Cos(Math.PI / 8)) / 2);
        ShouldBe(Rates(new CosineDecay(1.0, 2, warmRestarts: true), 5), 1, 0.5, 1, 0.5, 1);
    }

    [Fact]
    public void Linear_warmup_then_the_following_schedule()
    {
        ShouldBe(Rates(new LinearWarmup(0.1, 4), 6), 0.025, 0.05, 0.075, 0.1, 0.1, 0.1);
        ShouldBe(Rates(new LinearWarmup(new StepDecay(0.2, 0.5, 1), 2, startLearningRate: 0.1), 5), 0.15, 0.2, 0.2, 0.1, 0.05);
    }

    [Fact]
    public void One_cycle_matches_the_pytorch_formulas()
    {
        var s = new OneCycle(1.0, totalSteps: 10, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4);
        double initial = 0.04;
        double final = 0.04 / 1e4;
        double Down(int t) => final + ((1 - final) * (1 + Math.Cos(Math.PI * (t - 2) / 7.0)) / 2);
        ShouldBe(Rates(s, 11), initial, 0.52, 1, Down(3), Down(4), Down(5), Down(6), Down(7), Down(8), final, final);
    }

    [Fact]
    public void Scheduler_sets_the_rate_per_epoch_or_per_batch()
    {
        var run = new ScriptedRun(new double[6]);
        var h = run.Fit(new LearningRateScheduler(new StepDecay(0.1, 0.5, 2)));
        ShouldBe([.. h[LogKeys.LearningRate]], 0.1, 0.1, 0.05, 0.05, 0.025, 0.025);

        var probe = new BatchRates();
        var schedule = new OneCycle(0.5, totalSteps: 12);
        new ScriptedRun(new double[3]).Fit(new LearningRateScheduler(schedule, perBatch: true), probe);
        ShouldBe([.. probe.Rates], Rates(schedule, 12));     // 3 epochs × 4 batches
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        ((Action)(() => _ = new StepDecay(0.1, 0, 1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new CosineDecay(0.1, 10, minimumLearningRate: 0.2))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*exceeds*");
        ((Action)(() => _ = new OneCycle(0.1, 1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => new StepDecay(0.1, 0.5, 1).LearningRate(-1))).Should().Throw<ArgumentOutOfRangeException>();
    }

    private sealed class BatchRates : Callback
    {
        public List<double> Rates { get; } = [];

        public override void OnBatchBegin(TrainingContext context) => Rates.Add(context.LearningRate);
    }
}
