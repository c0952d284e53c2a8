using System.Numerics;
using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Regularization;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.PublicApi.Tests;

/// <summary>A user-written regularizer and constraint plug in exactly like the built-in ones.</summary>
public class CustomRegularizerTests
{
    /// <summary>R(w) = λ·Σ (w − c)², pulling weights towards c; gradient 2λ(w − c).</summary>
    private sealed class PullTowards(double lambda, double centre) : Regularizer
    {
        public override string Name => "pull_towards";

        public override double Penalty<T>(ReadOnlySpan<T> values)
        {
            double sum = 0;
            foreach (var v in values)
            {
                double d = double.CreateTruncating(v) - centre;
                sum += d * d;
            }

            return lambda * sum;
        }

        public override void AddGradient<T>(ReadOnlySpan<T> values, Span<T> gradient, double scale = 1.0)
        {
            CheckLengths(values, gradient);
            for (int i = 0; i < values.Length; i++)
            {
                gradient[i] += T.CreateTruncating(2 * lambda * scale * (double.CreateTruncating(values[i]) - centre));
            }
        }
    }

    /// <summary>Clamps every value into [−c, c].</summary>
    private sealed class Clip(double c) : Constraint
    {
        public override string Name => "clip";

        public override void Apply<T>(Span<T> values, int rows, int columns)
        {
            CheckShape(values.Length, rows, columns);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = T.Clamp(values[i], T.CreateTruncating(-c), T.CreateTruncating(c));
            }
        }
    }

    [Fact]
    public void A_custom_regularizer_passes_the_gradient_check_as_kernel_bias_and_activity_penalty()
    {
        var model = new Sequential<double>(
            new Dense<double>(4, Activation.Tanh, kernelRegularizer: new PullTowards(0.1, 0.3), biasRegularizer: new PullTowards(0.2, -0.1), activityRegularizer: new PullTowards(0.05, 0.5)),
            new Dense<double>(2));
        model.Build(3, seed: 2);
        var x = new Tensor2D<double>(4, 3, [.1, .2, .3, -.4, .5, .6, .7, -.8, .9, 1, 1.1, -1.2]);
        var y = new Tensor2D<double>(4, 2, [1, 0, 0, 1, 1, 1, 0, 0]);

        var report = GradientCheck.Run(model, new MeanSquaredError<double>(), x, y);

        report.WorstRelativeError.Should().BeLessThan(1e-6, report.ToString());
    }

    [Fact]
    public void A_custom_regularizer_shows_up_in_the_ledger_and_a_custom_constraint_is_enforced()
    {
        var dense = new Dense<float>(2, kernelRegularizer: new PullTowards(0.5, 1.0), kernelConstraint: new Clip(0.2));
        var model = new Sequential<float>(dense);
        var x = new Tensor2D<float>(4, 2, [1, 0, 0, 1, 1, 1, 0, 0]);
        var y = new Tensor2D<float>(4, 2, [1, 0, 0, 1, 1, 1, 0, 0]);

        var history = model.Fit(new Dataset<float>(x, y), new MeanSquaredError<float>(), new Sgd<float>(0.1), epochs: 2, batchSize: 4);

        history.Epochs[0][LogKeys.Penalty].Should().BeGreaterThan(0);
        dense.Kernel.Value.Span.ToArray().Should().OnlyContain(w => Math.Abs(w) <= 0.2f);
    }
}
