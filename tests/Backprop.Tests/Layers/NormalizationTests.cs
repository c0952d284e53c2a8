using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Regularization;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.Tests.Layers;

public class NormalizationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Batch_normalization_passes_the_gradient_check(bool training)
    {
        var bn = new BatchNormalization<double>(momentum: 0.9);
        var model = new Sequential<double>(new Dense<double>(5, Activation.Tanh), bn, new Dense<double>(3));
        model.Build(4, seed: 1);
        var x = TestData.Random(7, 4, seed: 2, scale: 2);
        model.Forward(x, training: true);        // non-trivial running statistics for the evaluation-mode check
        bn.Gamma.Value.Span[1] = 1.7;
        bn.Beta.Value.Span[2] = -0.4;

        var report = GradientCheck.Run(model, new MeanSquaredError<double>(), x, TestData.Random(7, 3, seed: 3, scale: 3), step: 1e-5, training: training);

        report.WorstRelativeError.Should().BeLessThan(1e-6, report.ToString());
    }

    [Fact]
    public void Batch_normalization_uses_batch_statistics_in_training_and_running_ones_in_evaluation()
    {
        var bn = new BatchNormalization<double>(momentum: 0.9, epsilon: 1e-5);
        var x = new Tensor2D<double>(4, 2, [1, 10, 2, 20, 3, 30, 6, 40]);

        var y = bn.Forward(x, training: true);
        for (int j = 0; j < 2; j++)
        {
            double mean = Enumerable.Range(0, 4).Average(r => y[r, j]);
            double variance = Enumerable.Range(0, 4).Average(r => (y[r, j] - mean) * (y[r, j] - mean));
            mean.Should().BeApproximately(0, 1e-12);
            variance.Should().BeApproximately(1, 1e-4);
        }

        // Column 0: mean 3, unbiased variance (4 + 1 + 0 + 9)/3 = 14/3. Column 1: mean 25, unbiased variance 500/3.
        bn.RunningMean.Value[0, 0].Should().BeApproximately(0.1 * 3, 1e-15);
        bn.RunningMean.Value[0, 1].Should().BeApproximately(0.1 * 25, 1e-14);
        bn.RunningVariance.Value[0, 0].Should().BeApproximately((0.9 * 1) + (0.1 * 14.0 / 3), 1e-12);
        bn.RunningVariance.Value[0, 1].Should().BeApproximately((0.9 * 1) + (0.1 * 500.0 / 3), 1e-12);

        var eval = bn.Forward(x, training: false);
        eval[3, 1].Should().BeApproximately((40 - 2.5) / Math.Sqrt(bn.RunningVariance.Value[0, 1] + 1e-5), 1e-12);
        bn.RunningMean.Value[0, 0].Should().BeApproximately(0.1 * 3, 1e-15, "evaluation does not update the running statistics");
    }

    [Fact]
    public void Running_statistics_converge_to_the_data_statistics_and_are_never_trained_or_decayed()
    {
        var bn = new BatchNormalization<double>(momentum: 0.5);
        var model = new Sequential<double>(bn, new Dense<double>(1));
        model.Build(2, seed: 1);
        var opt = new AdamW<double>(0.1, weightDecay: 0.5);
        var loss = new MeanSquaredError<double>();
        var x = new Tensor2D<double>(4, 2, [1, 10, 2, 20, 3, 30, 6, 40]);
        var target = TestData.Random(4, 1, seed: 1);
        for (int i = 0; i < 30; i++)
        {
            loss.Forward(model.Forward(x, training: true), target);
            model.Backward(loss.Backward());
            opt.Step(model.Parameters);
        }

        bn.RunningMean.Value[0, 0].Should().BeApproximately(3, 1e-6);
        bn.RunningVariance.Value[0, 1].Should().BeApproximately(500.0 / 3, 1e-4);
        bn.RunningMean.Trainable.Should().BeFalse();
        bn.RunningMean.Role.Should().Be(ParameterRole.RunningStatistic);
        new DecoupledWeightDecay(0.1).AppliesTo("bn/gamma", ParameterRole.NormalizationScale).Should().BeFalse();
    }

    [Fact]
    public void Layer_normalization_normalizes_each_row_and_passes_the_gradient_check()
    {
        var ln = new LayerNormalization<double>(epsilon: 1e-6);
        var x = TestData.Random(3, 6, seed: 1, scale: 5);
        var y = ln.Forward(x, training: false);
        for (int r = 0; r < 3; r++)
        {
            var row = y.Row(r).ToArray();
            row.Average().Should().BeApproximately(0, 1e-12);
            row.Select(v => v * v).Average().Should().BeApproximately(1, 1e-5);
        }

        var model = new Sequential<double>(new Dense<double>(5, Activation.Tanh), new LayerNormalization<double>(), new Dense<double>(3));
        model.Build(4, seed: 1);
        ((LayerNormalization<double>)model.Layers[1]).Gamma.Value.Span[0] = 0.6;
        var report = GradientCheck.Run(model, new MeanSquaredError<double>(), TestData.Random(4, 4, seed: 2), TestData.Random(4, 3, seed: 3));
        report.WorstRelativeError.Should().BeLessThan(1e-6, report.ToString());
    }

    [Fact]
    public void Restore_best_weights_includes_running_statistics()
    {
        var bn = new BatchNormalization<double>();
        var model = new Sequential<double>(new Dense<double>(3), bn);
        model.Build(2, seed: 1);
        var snapshot = model.CaptureWeights();
        double before = bn.RunningMean.Value[0, 0];
        model.Forward(TestData.Random(4, 2, seed: 1, scale: 3), training: true);
        bn.RunningMean.Value[0, 0].Should().NotBe(before);
        model.RestoreWeights(snapshot);
        bn.RunningMean.Value[0, 0].Should().Be(before);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        ((Action)(() => _ = new BatchNormalization<float>(momentum: 1))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*momentum*");
        ((Action)(() => _ = new LayerNormalization<float>(epsilon: 0))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new GaussianNoiseLayer<float>(-1))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
