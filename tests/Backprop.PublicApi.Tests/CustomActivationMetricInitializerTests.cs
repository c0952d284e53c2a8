using System.Numerics;
using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using Backprop.Models;
using Backprop.Metrics;

namespace Backprop.PublicApi.Tests;

/// <summary>Users can plug their own activation, metric and initializer into the built-in layers and Fit.</summary>
public class CustomActivationMetricInitializerTests
{
    /// <summary>f(x) = x·|x| (odd, smooth derivative 2|x|).</summary>
    private sealed class SignedSquare : Activation
    {
        public override string Name => "signed_square";

        public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
        {
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = x[i] * T.Abs(x[i]);
            }
        }

        public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
        {
            for (int i = 0; i < x.Length; i++)
            {
                dx[i] = dy[i] * (T.One + T.One) * T.Abs(x[i]);
            }
        }
    }

    /// <summary>The largest absolute error seen.</summary>
    private sealed class MaxError : Metric
    {
        private double _max = double.NaN;

        public override string Name => "max_error";

        public override bool HigherIsBetter => false;

        public override void Reset() => _max = double.NaN;

        public override void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
        {
            for (int i = 0; i < predictions.Length; i++)
            {
                double e = Math.Abs(double.CreateTruncating(predictions.Span[i] - targets.Span[i]));
                _max = double.IsNaN(_max) ? e : Math.Max(_max, e);
            }
        }

        public override double Result() => _max;
    }

    /// <summary>Element i gets (seed + i) / 100.</summary>
    private sealed class Ramp : Initializer
    {
        public override string Name => "ramp";

        public override void Fill<T>(Span<T> values, int fanIn, int fanOut, int seed)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = T.CreateTruncating((seed + i) / 100.0);
            }
        }
    }

    [Fact]
    public void A_custom_activation_in_a_dense_layer_passes_the_gradient_check()
    {
        var model = new Sequential<double>(new Dense<double>(3, new SignedSquare()), new ActivationLayer<double>(new SignedSquare()), new Dense<double>(2));
        model.Build(2, seed: 3);
        var x = new Tensor2D<double>(3, 2, [0.3, -0.7, 1.1, 0.2, -0.5, 0.9]);
        var y = new Tensor2D<double>(3, 2, [1, 0, 0, 1, 0.5, 0.5]);

        var report = GradientCheck.Run(model, new MeanSquaredError<double>(), x, y);

        report.WorstRelativeError.Should().BeLessThan(1e-6, report.ToString());
    }

    [Fact]
    public void A_custom_initializer_sets_the_weights_and_a_custom_metric_is_logged()
    {
        var dense = new Dense<double>(2, kernelInitializer: new Ramp(), biasInitializer: Initializer.Constant(0.5));
        var model = new Sequential<double>(dense);
        model.Build(2, seed: 0);
        var layerSeed = (int)Math.Round(dense.Kernel.Value[0, 0] * 100);

        dense.Kernel.Value.Span.ToArray().Should().Equal(new[] { 0, 1, 2, 3 }.Select(i => (layerSeed + i) / 100.0), (a, e) => Math.Abs(a - e) < 1e-12);
        dense.Bias!.Value.Span.ToArray().Should().Equal(0.5, 0.5);

        var data = Dataset<double>.From(new double[,] { { 1, 0 }, { 0, 1 } }, new double[,] { { 1, 2 }, { 3, 4 } });
        var history = model.Fit(data, new MeanSquaredError<double>(), new Sgd<double>(0.0), new FitOptions<double> { Metrics = [new MaxError()], Shuffle = false });

        // lr 0: the weights stay, so the metric is computable by hand from the initial outputs.
        var outputs = model.Predict(data.Features);
        double expected = new[] { outputs[0, 0] - 1, outputs[0, 1] - 2, outputs[1, 0] - 3, outputs[1, 1] - 4 }.Max(Math.Abs);
        history.Epochs[0]["max_error"].Should().BeApproximately(expected, 1e-12);
    }
}
