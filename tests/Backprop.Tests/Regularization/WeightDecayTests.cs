using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Regularization;
using Backprop.Models;

namespace Backprop.Tests.Regularization;

public class WeightDecayTests
{
    private static (Sequential<double> Model, double[] Kernel, double[] Bias) Model()
    {
        var model = new Sequential<double>(new Dense<double>(2, biasInitializer: Backprop.Initializers.Initializer.Ones));
        model.Build(2, seed: 1);
        return (model, model.Parameters[0].Value.Span.ToArray(), model.Parameters[1].Value.Span.ToArray());
    }

    [Fact]
    public void Default_policy_decays_kernels_but_not_biases()
    {
        var (model, k0, b0) = Model();
        var sgd = new Sgd<double>(0.1, weightDecay: 0.5);       // zero gradients: only the decay acts
        sgd.Step(model.Parameters);

        model.Parameters[0].Value.Span.ToArray().Should().Equal(k0.Select(w => w * (1 - (0.1 * 0.5))));
        model.Parameters[1].Value.Span.ToArray().Should().Equal(b0);
    }

    [Fact]
    public void Decay_is_decoupled_from_adam_moments()
    {
        // With zero gradients Adam's update is exactly zero, so only w ← w − lr·wd·w remains.
        var (model, k0, _) = Model();
        var adamw = new AdamW<double>(0.01, weightDecay: 0.1);
        adamw.Step(model.Parameters);
        model.Parameters[0].Value.Span.ToArray().Should().Equal(k0.Select(w => w * (1 - (0.01 * 0.1))));
    }

    [Fact]
    public void Policy_can_include_roles_and_names_and_exclusion_wins()
    {
        var policy = new DecoupledWeightDecay(0.1);
        policy.AppliesTo("dense/kernel", ParameterRole.Kernel).Should().BeTrue();
        policy.AppliesTo("dense/bias", ParameterRole.Bias).Should().BeFalse();
        policy.AppliesTo("bn/gamma", ParameterRole.NormalizationScale).Should().BeFalse();
        policy.AppliesTo("bn/beta", ParameterRole.NormalizationShift).Should().BeFalse();

        policy.IncludingRoles(ParameterRole.Bias).AppliesTo("dense/bias", ParameterRole.Bias).Should().BeTrue();
        var named = policy.IncludingNames("out*/bias").ExcludingNames("dense_1/*");
        named.AppliesTo("output/bias", ParameterRole.Bias).Should().BeTrue();
        named.AppliesTo("dense/bias", ParameterRole.Bias).Should().BeFalse();
        named.AppliesTo("dense_1/kernel", ParameterRole.Kernel).Should().BeFalse();
        named.AppliesTo("dense_2/kernel", ParameterRole.Kernel).Should().BeTrue();
        policy.WithRoles().AppliesTo("dense/kernel", ParameterRole.Kernel).Should().BeFalse();
    }

    [Fact]
    public void Optimizer_uses_the_typed_policy_and_the_shorthands_stay_consistent()
    {
        var (model, k0, b0) = Model();
        var sgd = new Sgd<double>(0.1) { Decay = new DecoupledWeightDecay(0.5).IncludingNames("dense/bias").ExcludingNames("*/kernel") };
        sgd.WeightDecay.Should().Be(0.5);
        sgd.Step(model.Parameters);
        model.Parameters[0].Value.Span.ToArray().Should().Equal(k0);
        model.Parameters[1].Value.Span.ToArray().Should().Equal(b0.Select(b => b * 0.95));

        sgd.WeightDecay = 0.2;
        sgd.Decay.Rate.Should().Be(0.2);
        sgd.Decay.IncludedNames.Should().Equal("dense/bias");
        sgd.DecayBiases.Should().BeFalse();
        sgd.DecayBiases = true;
        sgd.Decay.Roles.Should().Contain([ParameterRole.Bias, ParameterRole.NormalizationScale, ParameterRole.NormalizationShift]);
        sgd.DecayBiases = false;
        sgd.Decay.Roles.Should().NotContain(ParameterRole.Bias);
    }

    [Fact]
    public void Negative_rate_is_rejected()
    {
        var act = () => new DecoupledWeightDecay(-1);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*≥ 0*");
        var act2 = () => new Adam<float>(weightDecay: double.NaN);
        act2.Should().Throw<ArgumentOutOfRangeException>();
    }
}
