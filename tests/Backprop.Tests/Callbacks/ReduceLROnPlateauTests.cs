using Backprop.Callbacks;
using Backprop.Training;

namespace Backprop.Tests.Callbacks;

public class ReduceLROnPlateauTests
{
    private static readonly double[] Script = [10, 9, 9, 9, 9, 8, 8, 8, 8, 8];

    [Fact]
    public void Reduces_after_patience_with_cooldown_exactly_as_keras()
    {
        var run = new ScriptedRun(Script);
        run.Optimizer.LearningRate = 1.0;
        var cb = new ReduceLROnPlateau("score", factor: 0.5, patience: 2, threshold: 0, thresholdMode: ThresholdMode.Absolute, cooldown: 1);

        var h = run.Fit(cb);

        h[LogKeys.LearningRate].Should().Equal(1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25);
        run.Optimizer.LearningRate.Should().Be(0.125);
    }

    [Fact]
    public void Never_goes_below_the_minimum_learning_rate()
    {
        var run = new ScriptedRun(Script);
        run.Optimizer.LearningRate = 1.0;
        var cb = new ReduceLROnPlateau("score", factor: 0.5, patience: 2, threshold: 0, thresholdMode: ThresholdMode.Absolute, cooldown: 1, minLearningRate: 0.3);

        var h = run.Fit(cb);

        h[LogKeys.LearningRate].Should().Equal(1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.3, 0.3);
        run.Optimizer.LearningRate.Should().Be(0.3);
    }

    [Fact]
    public void Relative_threshold_requires_a_proportional_improvement()
    {
        var run = new ScriptedRun([100, 99.995, 99.9899, 99.9898]);
        run.Optimizer.LearningRate = 1.0;
        var h = run.Fit(new ReduceLROnPlateau("score", factor: 0.1, patience: 1, threshold: 1e-4));

        // 99.995 is not below 100·(1 − 1e−4) = 99.99 → reduce after epoch 1; 99.9899 is → best; 99.9898 is not → reduce.
        h[LogKeys.LearningRate].Should().Equal(1, 1, 0.1, 0.1);
        run.Optimizer.LearningRate.Should().BeApproximately(0.01, 1e-15);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        ((Action)(() => _ = new ReduceLROnPlateau(factor: 1))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*factor*");
        ((Action)(() => _ = new ReduceLROnPlateau(cooldown: -1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new ReduceLROnPlateau(minLearningRate: -1))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
