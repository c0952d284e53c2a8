using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Regularization;

namespace Backprop.Docs.Tests;

/// <summary>docs/regularization.md.</summary>
public class RegularizationSnippets
{
    private static readonly Dataset<float> Digits = Datasets.Digits();

    [Fact]
    public void Coupled_penalties_are_logged_apart_from_the_data_loss()
    {
        #region CoupledPenalties
        var model = new Sequential<float>(
            new Dense<float>(64, Activation.ReLU,
                kernelRegularizer: new L2(1e-4), biasRegularizer: new L1(1e-5), activityRegularizer: new L1(1e-5)),
            new Dense<float>(10, kernelRegularizer: new L1L2(l1: 1e-5, l2: 1e-4)));
        var history = model.Fit(Digits, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01),
            epochs: 3, validationSplit: 0.2, seed: 1);
        var last = history.Epochs[^1];
        Console.WriteLine($"data_loss {last["data_loss"]:F4} + penalty {last["penalty"]:F4} = loss {last["loss"]:F4}");
        #endregion

        last["penalty"].Should().BeGreaterThan(0);
        last["loss"].Should().BeApproximately(last["data_loss"] + last["penalty"], 1e-6);
        last.Contains("val_data_loss").Should().BeTrue();
    }

    [Fact]
    public void Decoupled_weight_decay_follows_a_typed_policy()
    {
        #region DecoupledDecay
        var opt = new AdamW<float>(1e-3, weightDecay: 0.01);            // or Adam/Sgd(weightDecay: …)
        opt.Decay = new DecoupledWeightDecay(0.01)
            .IncludingNames("dense_1/bias")                             // also decay this bias
            .ExcludingNames("dense/*");                                 // never the first layer (exclusion wins)
        #endregion

        opt.Decay.AppliesTo("dense_1/kernel", ParameterRole.Kernel).Should().BeTrue();
        opt.Decay.AppliesTo("dense_1/bias", ParameterRole.Bias).Should().BeTrue();
        opt.Decay.AppliesTo("dense/kernel", ParameterRole.Kernel).Should().BeFalse();
        opt.Decay.AppliesTo("dense_2/bias", ParameterRole.Bias).Should().BeFalse();
        var model = new Sequential<float>(new Dense<float>(16, Activation.ReLU), new Dense<float>(10));
        model.Fit(Digits, new CategoricalCrossEntropy<float>(fromLogits: true), opt, epochs: 1, seed: 1);
        model.Parameters.Select(p => p.Name).Should().Contain(["dense/kernel", "dense_1/bias"]);
    }

    [Fact]
    public void Constraints_project_the_weights_after_every_step()
    {
        #region Constraints
        var model = new Sequential<float>(
            new Dense<float>(32, Activation.ReLU, kernelConstraint: new MaxNorm(2), biasConstraint: new NonNeg()),
            new Dense<float>(10, kernelConstraint: new UnitNorm()));
        model.Fit(Digits, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 2, seed: 1);
        #endregion

        var kernel = model.Parameters.Single(p => p.Name == "dense/kernel").Value;
        for (int c = 0; c < kernel.Columns; c++)
        {
            double norm = Math.Sqrt(Enumerable.Range(0, kernel.Rows).Sum(r => (double)kernel[r, c] * kernel[r, c]));
            norm.Should().BeLessThanOrEqualTo(2.0 + 1e-5);
        }

        model.Parameters.Single(p => p.Name == "dense/bias").Value.Span.ToArray().Should().OnlyContain(b => b >= 0);
    }

    [Fact]
    public void Noise_layers_and_monte_carlo_dropout()
    {
        #region NoiseLayers
        var model = new Sequential<float>(
            new GaussianNoiseLayer<float>(0.1),                           // y = x + σε, training only
            new Dense<float>(64, Activation.ReLU),
            new Dropout<float>(0.3),                                      // inverted dropout, identity in evaluation
            new Dense<float>(10));
        model.Fit(Digits, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 3, seed: 1);

        var plain = model.Predict(Digits.Features);                       // evaluation mode: no noise, no dropout
        var mc = model.PredictMonteCarlo(Digits.Features, passes: 20);    // noise layers on, 20 passes
        Console.WriteLine($"mean {mc.Mean[0, 0]:F3}, variance {mc.Variance[0, 0]:F4}");
        #endregion

        model.Predict(Digits.Features).Span.ToArray().Should().Equal(plain.Span.ToArray(), "Predict is deterministic");
        mc.Variance.Span.ToArray().Should().Contain(v => v > 0f);
        mc.Passes.Should().Be(20);
    }
}
