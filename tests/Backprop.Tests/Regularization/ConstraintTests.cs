using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Regularization;
using Backprop.Models;

namespace Backprop.Tests.Regularization;

public class ConstraintTests
{
    [Fact]
    public void MaxNorm_rescales_only_columns_above_the_limit()
    {
        // [2, 2]: column 0 = (3, 4) has norm 5, column 1 = (0.6, 0.8) has norm 1.
        double[] w = [3, 0.6, 4, 0.8];
        new MaxNorm(2).Apply<double>(w, 2, 2);
        w[0].Should().BeApproximately(1.2, 1e-15);
        w[2].Should().BeApproximately(1.6, 1e-15);
        w[1].Should().Be(0.6);
        w[3].Should().Be(0.8);
    }

    [Fact]
    public void MaxNorm_axis_1_works_on_rows()
    {
        double[] w = [3, 4, 0.6, 0.8];
        new MaxNorm(2, axis: 1).Apply<double>(w, 2, 2);
        w.Should().BeEquivalentTo(new[] { 1.2, 1.6, 0.6, 0.8 }, o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-15)).WhenTypeIs<double>());
    }

    [Fact]
    public void UnitNorm_gives_unit_columns_and_leaves_zero_columns_alone()
    {
        double[] w = [3, 0, 4, 0];
        new UnitNorm().Apply<double>(w, 2, 2);
        w[0].Should().BeApproximately(0.6, 1e-15);
        w[2].Should().BeApproximately(0.8, 1e-15);
        w[1].Should().Be(0);
        w[3].Should().Be(0);
    }

    [Fact]
    public void NonNeg_clamps_negatives_to_zero()
    {
        float[] w = [-1, 2, -0.5f, 0];
        new NonNeg().Apply<float>(w, 1, 4);
        w.Should().Equal(0f, 2f, 0f, 0f);
    }

    [Fact]
    public void Wrong_shape_and_bad_arguments_are_rejected()
    {
        var act = () => new NonNeg().Apply<double>(new double[3], 2, 2);
        act.Should().Throw<ArgumentException>().WithMessage("*[2, 2]*3 values*");
        var bad = () => new MaxNorm(0);
        bad.Should().Throw<ArgumentOutOfRangeException>();
        var axis = () => new UnitNorm(2);
        axis.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*axis*");
    }

    [Fact]
    public void Dense_constraints_are_applied_after_every_optimizer_step()
    {
        var dense = new Dense<double>(3, kernelConstraint: new MaxNorm(0.5), biasConstraint: new NonNeg());
        var model = new Sequential<double>(dense);
        model.Build(4, seed: 2);
        var opt = new Sgd<double>(1.0);
        var x = TestData.Random(8, 4, seed: 3, scale: 3);
        var loss = new Backprop.Losses.MeanSquaredError<double>();
        var y = TestData.Random(8, 3, seed: 4, scale: 10);

        loss.Forward(model.Forward(x, training: true), y);
        model.Backward(loss.Backward());
        opt.Step(model.Parameters);

        for (int c = 0; c < 3; c++)
        {
            double norm = Math.Sqrt(Enumerable.Range(0, 4).Sum(r => dense.Kernel.Value[r, c] * dense.Kernel.Value[r, c]));
            norm.Should().BeLessThanOrEqualTo(0.5 + 1e-12);
        }

        dense.Bias!.Value.Span.ToArray().Should().OnlyContain(b => b >= 0);
    }
}
