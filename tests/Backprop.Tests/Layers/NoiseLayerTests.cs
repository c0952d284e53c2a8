using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.Tests.Layers;

public class NoiseLayerTests
{
    private static Tensor2D<double> Ones(int rows, int columns)
    {
        var t = new Tensor2D<double>(rows, columns);
        t.Fill(1);
        return t;
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Dropout_rate_outside_0_1_is_rejected(double rate)
    {
        var act = () => new Dropout<float>(rate);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*[0, 1)*");
        ((Action)(() => _ = new GaussianDropout<float>(rate))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new AlphaDropout<float>(rate))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Dropout_drops_the_rate_and_scales_the_rest_by_inverse_keep()
    {
        var layer = new Dropout<double>(0.3, seed: 7);
        var y = layer.Forward(Ones(200, 500), training: true).Span.ToArray();

        double dropped = y.Count(v => v == 0) / (double)y.Length;
        dropped.Should().BeApproximately(0.3, 4 * Math.Sqrt(0.3 * 0.7 / y.Length));
        y.Where(v => v != 0).Should().OnlyContain(v => v == 1 / 0.7);
        y.Average().Should().BeApproximately(1.0, 0.01);
    }

    [Fact]
    public void Noise_layers_are_the_identity_in_evaluation()
    {
        var x = TestData.Random(5, 4, seed: 1);
        Layer<double>[] layers = [new Dropout<double>(0.5), new GaussianDropout<double>(0.5), new AlphaDropout<double>(0.5), new GaussianNoiseLayer<double>(1.0)];
        foreach (var layer in layers)
        {
            layer.Forward(x, training: false).Span.ToArray().Should().Equal(x.Span.ToArray(), layer.GetType().Name);
            layer.Forward(x, training: true).Span.ToArray().Should().NotEqual(x.Span.ToArray(), layer.GetType().Name);
        }
    }

    [Fact]
    public void Masks_depend_only_on_seed_and_step_and_can_be_frozen()
    {
        var x = Ones(8, 16);
        var a = new Dropout<double>(0.5, seed: 3);
        var b = new Dropout<double>(0.5, seed: 3);
        var first = a.Forward(x, training: true).Span.ToArray();
        b.Forward(x, training: true).Span.ToArray().Should().Equal(first);
        var second = a.Forward(x, training: true).Span.ToArray();
        second.Should().NotEqual(first);
        a.Step.Should().Be(2);

        a.Step = 0;
        a.FreezeStep = true;
        a.Forward(x, training: true).Span.ToArray().Should().Equal(first);
        a.Forward(x, training: true).Span.ToArray().Should().Equal(first);
        a.Step.Should().Be(0);

        new Dropout<double>(0.5, seed: 4).Forward(x, training: true).Span.ToArray().Should().NotEqual(first);
    }

    [Fact]
    public void Masks_do_not_depend_on_the_thread_count()
    {
        double[] Run(int threads)
        {
            int saved = BackpropSettings.MaxThreads;
            try
            {
                BackpropSettings.MaxThreads = threads;
                var model = new Sequential<double>(new Dense<double>(64, Activation.ReLU), new Dropout<double>(0.5), new Dense<double>(3));
                var data = new Backprop.Data.Dataset<double>(TestData.Random(64, 8, seed: 1), TestData.Labels(64, 3, seed: 2));
                model.Fit(data, new CategoricalCrossEntropy<double>(fromLogits: true), new Backprop.Optimizers.Adam<double>(0.01), epochs: 2, batchSize: 16, seed: 5);
                return model.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
            }
            finally
            {
                BackpropSettings.MaxThreads = saved;
            }
        }

        Run(1).Should().Equal(Run(2));
    }

    [Fact]
    public void Gaussian_noise_and_gaussian_dropout_have_the_stated_moments()
    {
        var noise = new GaussianNoiseLayer<double>(0.5, seed: 1);
        var x = Ones(200, 500);
        var added = noise.Forward(x, training: true).Span.ToArray().Select(v => v - 1).ToArray();
        added.Average().Should().BeApproximately(0, 0.005);
        Math.Sqrt(added.Select(v => v * v).Average()).Should().BeApproximately(0.5, 0.005);

        var gd = new GaussianDropout<double>(0.2, seed: 1);
        var m = gd.Forward(x, training: true).Span.ToArray();
        m.Average().Should().BeApproximately(1, 0.005);
        m.Select(v => (v - 1) * (v - 1)).Average().Should().BeApproximately(0.2 / 0.8, 0.005);
    }

    [Fact]
    public void Alpha_dropout_keeps_zero_mean_and_unit_variance()
    {
        var rng = new Random(3);
        var x = new Tensor2D<double>(400, 500);
        var s = x.Span;
        for (int i = 0; i < s.Length; i++)
        {
            // Standard normal inputs, as SELU networks keep them.
            s[i] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        }

        var y = new AlphaDropout<double>(0.2, seed: 2).Forward(x, training: true).Span.ToArray();
        double mean = y.Average();
        mean.Should().BeApproximately(0, 0.01);
        y.Select(v => (v - mean) * (v - mean)).Average().Should().BeApproximately(1, 0.01);
    }

    [Theory]
    [InlineData("dropout")]
    [InlineData("gaussian_dropout")]
    [InlineData("alpha_dropout")]
    [InlineData("gaussian_noise")]
    public void Noise_layers_pass_the_gradient_check_with_a_frozen_mask(string kind)
    {
        StochasticLayer<double> layer = kind switch
        {
            "dropout" => new Dropout<double>(0.4, seed: 1),
            "gaussian_dropout" => new GaussianDropout<double>(0.4, seed: 1),
            "alpha_dropout" => new AlphaDropout<double>(0.4, seed: 1),
            _ => new GaussianNoiseLayer<double>(0.3, seed: 1),
        };
        layer.FreezeStep = true;
        var model = new Sequential<double>(new Dense<double>(6, Activation.Tanh), layer, new Dense<double>(3));
        model.Build(4, seed: 2);

        var report = GradientCheck.Run(model, new MeanSquaredError<double>(), TestData.Random(5, 4, seed: 3), TestData.Random(5, 3, seed: 4));

        report.WorstRelativeError.Should().BeLessThan(1e-6, report.ToString());
        if (layer is Dropout<double> d)
        {
            d.LastFactors!.Span.ToArray().Should().Contain(0.0);
        }
    }

    [Fact]
    public void Monte_carlo_prediction_gives_mean_and_variance_and_restores_the_mode()
    {
        var dropout = new Dropout<double>(0.5);
        var model = new Sequential<double>(new Dense<double>(32), dropout, new Dense<double>(2));
        model.Build(3, seed: 4);
        var x = TestData.Random(4, 3, seed: 5);

        var mc = model.PredictMonteCarlo(x, passes: 2000);

        mc.Passes.Should().Be(2000);
        mc.Variance.Span.ToArray().Should().OnlyContain(v => v > 0);
        // The network is linear, so the expectation over masks equals the evaluation-mode output.
        var deterministic = model.Predict(x).Span.ToArray();
        var mean = mc.Mean.Span.ToArray();
        for (int i = 0; i < mean.Length; i++)
        {
            mean[i].Should().BeApproximately(deterministic[i], 4 * Math.Sqrt(mc.Variance.Span[i] / 2000) + 1e-9);
        }

        dropout.ActiveInInference.Should().BeFalse();
        model.Predict(x).Span.ToArray().Should().Equal(deterministic);
        model.PredictMonteCarlo(x, passes: 1).Variance.Span.ToArray().Should().OnlyContain(v => v == 0);

        var plain = new Sequential<double>(new Dense<double>(2));
        ((Action)(() => plain.PredictMonteCarlo(x, 10))).Should().Throw<InvalidOperationException>().WithMessage("*dropout*");
    }

    [Fact]
    public void Monte_carlo_prediction_does_not_depend_on_the_batch_size_and_draws_new_noise_each_call()
    {
        // Each batch's forward advanced the noise step and restarted its rows at 0: batch 7 and 256 gave means 2.7 apart.
        var x = TestData.Random(40, 3, seed: 5);
        MonteCarloPrediction<double> Run(int batchSize)
        {
            var model = new Sequential<double>(new Dense<double>(16), new Dropout<double>(0.5), new Dense<double>(2));
            model.Build(3, seed: 4);
            return model.PredictMonteCarlo(x, passes: 5, batchSize: batchSize);
        }

        var small = Run(7);
        var whole = Run(256);
        small.Mean.Span.ToArray().Should().Equal(whole.Mean.Span.ToArray());
        small.Variance.Span.ToArray().Should().Equal(whole.Variance.Span.ToArray());

        var again = new Sequential<double>(new Dense<double>(16), new Dropout<double>(0.5), new Dense<double>(2));
        again.Build(3, seed: 4);
        var first = again.PredictMonteCarlo(x, passes: 5, batchSize: 7);
        var second = again.PredictMonteCarlo(x, passes: 5, batchSize: 7);
        first.Mean.Span.ToArray().Should().Equal(small.Mean.Span.ToArray());
        second.Mean.Span.ToArray().Should().NotEqual(first.Mean.Span.ToArray(), "a second call continues the noise steps");
    }
}
