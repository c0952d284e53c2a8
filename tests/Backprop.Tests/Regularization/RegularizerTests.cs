using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Regularization;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.Tests.Regularization;

public class RegularizerTests
{
    private static readonly double[] W = [1.5, -2.0, 0.0, 0.25];

    [Fact]
    public void L1_penalty_is_lambda_times_sum_of_magnitudes_and_subgradient_is_zero_at_zero()
    {
        var l1 = new L1(0.1);
        l1.Penalty<double>(W).Should().BeApproximately(0.1 * 3.75, 1e-15);
        var g = new double[] { 1, 1, 1, 1 };
        l1.AddGradient<double>(W, g);
        g.Should().Equal(1.1, 0.9, 1.0, 1.1);
    }

    [Fact]
    public void L2_penalty_has_no_half_and_its_gradient_is_two_lambda_w()
    {
        var l2 = new L2(0.1);
        l2.Penalty<double>(W).Should().BeApproximately(0.1 * (2.25 + 4 + 0.0625), 1e-15);
        var g = new double[4];
        l2.AddGradient<double>(W, g);
        for (int i = 0; i < W.Length; i++)
        {
            g[i].Should().BeApproximately(2 * 0.1 * W[i], 1e-15);
        }
    }

    [Fact]
    public void L1L2_is_the_sum_of_both_and_gradient_scale_applies()
    {
        var both = new L1L2(0.1, 0.2);
        both.Penalty<double>(W).Should().BeApproximately(new L1(0.1).Penalty<double>(W) + new L2(0.2).Penalty<double>(W), 1e-15);
        var g = new double[4];
        both.AddGradient<double>(W, g, scale: 0.5);
        for (int i = 0; i < W.Length; i++)
        {
            g[i].Should().BeApproximately(0.5 * ((0.1 * Math.Sign(W[i])) + (0.4 * W[i])), 1e-15);
        }
    }

    [Fact]
    public void Float_and_double_agree()
    {
        float[] wf = [1.5f, -2.0f, 0f, 0.25f];
        new L2(0.1).Penalty<float>(wf).Should().BeApproximately(new L2(0.1).Penalty<double>(W), 1e-6);
        var gf = new float[4];
        new L1(0.5).AddGradient<float>(wf, gf);
        gf.Should().Equal(0.5f, -0.5f, 0f, 0.5f);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Bad_factors_are_rejected_with_the_value(double lambda)
    {
        var act = () => new L2(lambda);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*lambda*");
        var act2 = () => new L1L2(0.1, lambda);
        act2.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*l2*");
    }

    [Fact]
    public void Mismatched_gradient_length_is_rejected()
    {
        var act = () => new L2(0.1).AddGradient<double>(W, new double[3]);
        act.Should().Throw<ArgumentException>().WithMessage("*3 elements*4*");
    }

    [Theory]
    [InlineData("l1")]
    [InlineData("l2")]
    [InlineData("l1l2")]
    public void Kernel_bias_and_activity_penalties_pass_the_gradient_check(string kind)
    {
        Regularizer Make(double f) => kind switch
        {
            "l1" => new L1(f),
            "l2" => new L2(f),
            _ => new L1L2(f, 2 * f),
        };

        var model = new Sequential<double>(
            new Dense<double>(5, Activation.Tanh, kernelRegularizer: Make(0.05), biasRegularizer: Make(0.03), activityRegularizer: Make(0.02)),
            new Dense<double>(3, kernelRegularizer: Make(0.1)));
        model.Build(4, seed: 3);
        foreach (var p in model.Parameters)
        {
            // Non-zero biases so that the bias penalty (and L1's sign) is exercised away from its kink.
            var v = p.Value.Span;
            for (int i = 0; i < v.Length; i++)
            {
                v[i] += 0.1 * (i + 1) * (i % 2 == 0 ? 1 : -1);
            }
        }

        var x = TestData.Random(6, 4, seed: 1, scale: 2.0);
        var y = TestData.Random(6, 3, seed: 2);
        var report = GradientCheck.Run(model, new MeanSquaredError<double>(), x, y);

        report.WorstRelativeError.Should().BeLessThan(1e-6, report.ToString());
        model.RegularizationPenalty().Should().BeGreaterThan(0);
    }

    [Fact]
    public void Penalty_gradient_is_added_in_backward_exactly_once_per_call()
    {
        var dense = new Dense<double>(2, kernelRegularizer: new L2(0.5));
        var model = new Sequential<double>(dense);
        model.Build(3, seed: 1);
        var x = TestData.Random(4, 3, seed: 1);
        model.Forward(x, training: true);
        var zero = new Tensor2D<double>(4, 2);
        model.Backward(zero);

        var expected = dense.Kernel.Value.Span.ToArray().Select(w => 2 * 0.5 * w).ToArray();
        dense.Kernel.Gradient.Span.ToArray().Should().Equal(expected);
        dense.Bias!.Gradient.Span.ToArray().Should().AllBeEquivalentTo(0.0);
    }

    [Fact]
    public void Activity_penalty_is_training_only_and_averaged_over_the_batch()
    {
        var dense = new Dense<double>(2, activityRegularizer: new L1(0.1));
        var model = new Sequential<double>(dense);
        model.Build(3, seed: 1);
        var x = TestData.Random(4, 3, seed: 1);

        var y = model.Forward(x, training: true);
        double expected = 0.1 * y.Span.ToArray().Sum(Math.Abs) / 4;
        dense.ActivityPenalty.Should().BeApproximately(expected, 1e-15);
        model.RegularizationPenalty().Should().BeApproximately(expected, 1e-15);

        model.Forward(x, training: false);
        dense.ActivityPenalty.Should().Be(0);
        model.RegularizationPenalty().Should().Be(0);
    }

    [Fact]
    public void A_bias_regularizer_without_a_bias_is_rejected()
    {
        var act = () => new Dense<float>(3, useBias: false, biasRegularizer: new L2(0.1));
        act.Should().Throw<ArgumentException>().WithMessage("*without bias*");
    }
}
