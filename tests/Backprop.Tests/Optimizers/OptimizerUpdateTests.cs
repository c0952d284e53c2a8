using Backprop.Optimizers;
using Backprop.Layers;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// Each optimizer's update against values computed by hand for three steps (w₀ = [1, −2]; gradients
/// g₁ = [0.5, −1], g₂ = [0.1, 0.3], g₃ = [−0.2, 0.4]). The expected numbers come from the formulas in the
/// XML docs (PyTorch formulation), evaluated independently in double precision outside this library.
/// </summary>
public class OptimizerUpdateTests
{
    private static readonly double[][] Gradients = [[0.5, -1.0], [0.1, 0.3], [-0.2, 0.4]];

    private static Parameter<double> Param(string name, ParameterRole role, params double[] values)
    {
        var p = new Parameter<double>(name, role, 1, values.Length);
        values.CopyTo(p.Value.Span);
        return p;
    }

    /// <summary>Runs three steps on one kernel parameter and checks the value after each.</summary>
    private static void ExpectTrajectory(Optimizer<double> optimizer, double[][] expected, double tolerance = 1e-12)
    {
        var p = Param("w", ParameterRole.Kernel, 1.0, -2.0);
        for (int step = 0; step < expected.Length; step++)
        {
            Gradients[step].CopyTo(p.Gradient.Span);
            optimizer.Step([p]);
            p.Value.Span.ToArray().Should().Equal(expected[step], (a, e) => Math.Abs(a - e) <= tolerance, $"after step {step + 1}");
        }

        optimizer.Iterations.Should().Be(expected.Length);
    }

    [Fact]
    public void Sgd_plain_subtracts_lr_times_gradient()
        // 1 − 0.1·0.5 = 0.95, −2 − 0.1·(−1) = −1.9; then −0.1·0.1 and −0.1·0.3; then +0.02 and −0.04.
        => ExpectTrajectory(new Sgd<double>(0.1), [[0.95, -1.9], [0.94, -1.93], [0.96, -1.97]]);

    [Fact]
    public void Sgd_momentum_accumulates_velocity()
        // v₁ = g₁ → 0.95; v₂ = 0.9·0.5 + 0.1 = 0.55 → 0.95 − 0.055 = 0.895; v₃ = 0.9·0.55 − 0.2 = 0.295 → 0.8655.
        => ExpectTrajectory(new Sgd<double>(0.1, momentum: 0.9), [[0.95, -1.9], [0.895, -1.84], [0.8655, -1.826]]);

    [Fact]
    public void Sgd_nesterov_looks_ahead_along_the_velocity()
        // step uses g + μv: 0.5 + 0.9·0.5 = 0.95 → 1 − 0.095 = 0.905.
        => ExpectTrajectory(new Sgd<double>(0.1, momentum: 0.9, nesterov: true), [[0.905, -1.81], [0.8455, -1.786], [0.83895, -1.8134]]);

    [Fact]
    public void Adam_matches_bias_corrected_moments()
        => ExpectTrajectory(
            new Adam<double>(0.1),
            [[0.900000002, -1.900000001], [0.8196959063846518, -1.8572151424292265], [0.785260531835489, -1.8492092384765841]]);

    [Fact]
    public void AmsGrad_uses_the_running_maximum_of_the_second_moment()
    {
        // With β₂ = 0.5 the second moment of element 0 falls at step 2 (0.125 → 0.0675), so AMSGrad and Adam part ways.
        double[][] amsGrad = [[0.900000002, -1.900000001], [0.8290937217089079, -1.8613238476402656], [0.8002931085681679, -1.8544898037537518]];
        double[][] adam = [[0.900000002, -1.900000001], [0.8035087771461987, -1.8496479383178588], [0.7595882544695939, -1.839516477660706]];

        ExpectTrajectory(new Adam<double>(0.1, beta2: 0.5, amsGrad: true), amsGrad);
        ExpectTrajectory(new Adam<double>(0.1, beta2: 0.5, amsGrad: false), adam);
    }

    [Fact]
    public void AdamW_decays_kernels_but_not_biases()
    {
        // Kernel: w ← w(1 − lr·wd) then the Adam step: 1·0.99 − 0.1 = 0.89. Bias: the plain Adam trajectory.
        double[][] kernel = [[0.890000002, -1.880000001], [0.8007959063646517, -1.8184151424192265], [0.7583525727518423, -1.792225087042392]];
        double[][] bias = [[0.900000002, -1.900000001], [0.8196959063846518, -1.8572151424292265], [0.785260531835489, -1.8492092384765841]];
        var optimizer = new AdamW<double>(0.1, weightDecay: 0.1);
        var k = Param("kernel", ParameterRole.Kernel, 1.0, -2.0);
        var b = Param("bias", ParameterRole.Bias, 1.0, -2.0);

        for (int step = 0; step < 3; step++)
        {
            Gradients[step].CopyTo(k.Gradient.Span);
            Gradients[step].CopyTo(b.Gradient.Span);
            optimizer.Step([k, b]);
            k.Value.Span.ToArray().Should().Equal(kernel[step], (a, e) => Math.Abs(a - e) <= 1e-12);
            b.Value.Span.ToArray().Should().Equal(bias[step], (a, e) => Math.Abs(a - e) <= 1e-12);
        }
    }

    [Fact]
    public void AdamW_decays_biases_when_asked()
    {
        var optimizer = new AdamW<double>(0.1, weightDecay: 0.1) { DecayBiases = true };
        var b = Param("bias", ParameterRole.Bias, 1.0, -2.0);
        Gradients[0].CopyTo(b.Gradient.Span);

        optimizer.Step([b]);

        b.Value.Span.ToArray().Should().Equal([0.890000002, -1.880000001], (a, e) => Math.Abs(a - e) <= 1e-12);
    }

    [Fact]
    public void AdamW_decays_kernels_and_other_parameters_by_default_and_no_bias_or_normalization_parameter()
    {
        // One step: decayed 1·0.99 − 0.1 = 0.89, not decayed 1 − 0.1 = 0.9 (the first Adam step is lr·sign(g)).
        var optimizer = new AdamW<double>(0.1, weightDecay: 0.1);
        ParameterRole[] roles = [ParameterRole.Kernel, ParameterRole.Other, ParameterRole.Bias, ParameterRole.NormalizationScale, ParameterRole.NormalizationShift];
        var parameters = roles.Select(r => Param(r.ToString(), r, 1.0, -2.0)).ToArray();
        foreach (var p in parameters)
        {
            Gradients[0].CopyTo(p.Gradient.Span);
        }

        optimizer.Step(parameters);

        parameters.Select(p => Math.Round(p.Value[0, 0], 6)).Should().Equal(0.89, 0.89, 0.9, 0.9, 0.9);
        optimizer.Decay.Roles.Should().BeEquivalentTo([ParameterRole.Kernel, ParameterRole.Other]);
    }

    [Fact]
    public void RmsProp_divides_by_the_root_mean_square()
        // s₁ = 0.1·0.25 = 0.025 → 1 − 0.01·0.5/(√0.025 + 1e−7) = 0.96837724…
        => ExpectTrajectory(
            new RmsProp<double>(0.01),
            [[0.9683772433983036, -1.968377233398313], [0.9618539669230856, -1.9779118562604667], [0.9744652921931929, -1.9902502464240814]]);

    [Fact]
    public void RmsProp_with_momentum_accumulates_the_scaled_step()
        => ExpectTrajectory(
            new RmsProp<double>(0.01, momentum: 0.5),
            [[0.9683772433983036, -1.968377233398313], [0.9460425886222373, -1.9621004729596234], [0.9474865865043116, -1.9713004829038934]]);

    [Fact]
    public void Adagrad_starts_from_the_initial_accumulator()
        // G₁ = 0.1 + 0.25 = 0.35 → 1 − 0.1·0.5/√0.35 = 0.91548457…
        => ExpectTrajectory(
            new Adagrad<double>(0.1, initialAccumulator: 0.1),
            [[0.9154845745414341, -1.9046537410845317], [0.8988179078775451, -1.932154695992857], [0.9304406844742289, -1.966581214622849]]);

    [Fact]
    public void Adagrad_with_zero_initial_accumulator_takes_a_step_of_lr_times_sign()
        // G₁ = g² → the first step is lr·g/|g| = ±lr.
        => ExpectTrajectory(new Adagrad<double>(0.1), [[0.9, -1.9]], tolerance: 1e-9);

    [Fact]
    public void Changing_the_learning_rate_between_steps_takes_effect_at_the_next_step()
    {
        // Momentum 0.9 with lr 0.1, then 0.01, then 0.05: v = [0.5, 0.55, 0.295] for element 0.
        var optimizer = new Sgd<double>(0.1, momentum: 0.9);
        var p = Param("w", ParameterRole.Kernel, 1.0, -2.0);
        double[] rates = [0.1, 0.01, 0.05];
        double[][] expected = [[0.95, -1.9], [0.9445, -1.894], [0.92975, -1.887]];
        for (int step = 0; step < 3; step++)
        {
            optimizer.LearningRate = rates[step];
            Gradients[step].CopyTo(p.Gradient.Span);
            optimizer.Step([p]);
            p.Value.Span.ToArray().Should().Equal(expected[step], (a, e) => Math.Abs(a - e) <= 1e-12);
        }
    }

    [Fact]
    public void Clipping_by_global_norm_rescales_all_gradients_together()
    {
        // ‖g‖ over both parameters = √(3² + 4² + 12²) = 13; ClipNorm 6.5 halves every gradient.
        var a = Param("a", ParameterRole.Kernel, 1.0, -2.0);
        var b = Param("b", ParameterRole.Bias, 0.5);
        new[] { 3.0, 4.0 }.CopyTo(a.Gradient.Span);
        b.Gradient[0, 0] = 12.0;

        new Sgd<double>(1.0) { ClipNorm = 6.5 }.Step([a, b]);

        a.Value.Span.ToArray().Should().Equal(-0.5, -4.0);
        b.Value[0, 0].Should().Be(-5.5);
    }

    [Fact]
    public void Clipping_by_global_norm_leaves_small_gradients_alone()
    {
        var a = Param("a", ParameterRole.Kernel, 1.0, -2.0);
        new[] { 3.0, 4.0 }.CopyTo(a.Gradient.Span);

        new Sgd<double>(0.1) { ClipNorm = 5.0 }.Step([a]);

        a.Value.Span.ToArray().Should().Equal([0.7, -2.4], (x, e) => Math.Abs(x - e) <= 1e-15);
    }

    [Fact]
    public void Clipping_by_value_clamps_each_element()
    {
        var a = Param("a", ParameterRole.Kernel, 1.0, -2.0, 0.0);
        new[] { 3.0, -4.0, 0.5 }.CopyTo(a.Gradient.Span);

        new Sgd<double>(1.0) { ClipValue = 2.5 }.Step([a]);

        a.Value.Span.ToArray().Should().Equal(-1.5, 0.5, -0.5);
    }

    [Fact]
    public void Clipping_by_value_happens_before_clipping_by_norm()
    {
        // Value clip: [3, 4] → [2, 2], norm √8 ≈ 2.83 > 1 → scaled to norm 1: each element 1/√2.
        var a = Param("a", ParameterRole.Kernel, 0.0, 0.0);
        new[] { 3.0, 4.0 }.CopyTo(a.Gradient.Span);

        new Sgd<double>(1.0) { ClipValue = 2.0, ClipNorm = 1.0 }.Step([a]);

        a.Value.Span.ToArray().Should().Equal([-Math.Sqrt(0.5), -Math.Sqrt(0.5)], (x, e) => Math.Abs(x - e) <= 1e-15);
    }

    [Fact]
    public void Gradients_are_zeroed_after_the_step_by_default()
    {
        var a = Param("a", ParameterRole.Kernel, 1.0);
        a.Gradient[0, 0] = 0.5;

        new Sgd<double>(0.1).Step([a]);

        a.Gradient[0, 0].Should().Be(0.0);
    }

    [Fact]
    public void Gradients_are_kept_when_ZeroGradientsAfterStep_is_false()
    {
        var optimizer = new Sgd<double>(0.1) { ZeroGradientsAfterStep = false };
        var a = Param("a", ParameterRole.Kernel, 1.0);
        a.Gradient[0, 0] = 0.5;

        optimizer.Step([a]);
        optimizer.Step([a]);

        a.Gradient[0, 0].Should().Be(0.5);
        a.Value[0, 0].Should().BeApproximately(0.9, 1e-15); // two steps with the same kept gradient
    }

    [Fact]
    public void Frozen_parameters_are_not_updated_or_decayed()
    {
        var optimizer = new AdamW<double>(0.1, weightDecay: 0.5);
        var frozen = Param("frozen", ParameterRole.Kernel, 1.0, -2.0);
        frozen.Trainable = false;
        new[] { 0.5, -1.0 }.CopyTo(frozen.Gradient.Span);

        optimizer.Step([frozen]);
        optimizer.Step([frozen]);

        frozen.Value.Span.ToArray().Should().Equal(1.0, -2.0);
    }

    [Fact]
    public void Frozen_parameters_do_not_count_towards_the_global_norm()
    {
        // The trainable gradient has norm 5 < ClipNorm 10, so it must be used as is, whatever the frozen gradient holds.
        var trainable = Param("a", ParameterRole.Kernel, 1.0, -2.0);
        var frozen = Param("frozen", ParameterRole.Kernel, 0.0);
        frozen.Trainable = false;
        new[] { 3.0, 4.0 }.CopyTo(trainable.Gradient.Span);
        frozen.Gradient[0, 0] = 100.0;

        new Sgd<double>(0.1) { ClipNorm = 10.0, ClipValue = 50.0, ZeroGradientsAfterStep = false }.Step([trainable, frozen]);

        trainable.Value.Span.ToArray().Should().Equal([0.7, -2.4], (x, e) => Math.Abs(x - e) <= 1e-15);
        frozen.Value[0, 0].Should().Be(0.0);
        frozen.Gradient[0, 0].Should().Be(100.0, "a frozen parameter's gradient is not the optimizer's to clip");
    }

    [Fact]
    public void Unfreezing_a_parameter_does_not_apply_the_gradients_of_its_frozen_steps()
    {
        // Backward keeps accumulating into a frozen parameter's gradient; those gradients must not land at once
        // on the first step after unfreezing.
        var optimizer = new Sgd<double>(0.1);
        var p = Param("w", ParameterRole.Kernel, 1.0);
        p.Trainable = false;
        for (int step = 0; step < 5; step++)
        {
            p.Gradient[0, 0] += 2.0;
            optimizer.Step([p]);
        }

        p.Trainable = true;
        p.Gradient[0, 0] += 2.0;
        optimizer.Step([p]);

        p.Value[0, 0].Should().BeApproximately(0.8, 1e-15, "only the one gradient after unfreezing counts: 1 − 0.1·2");
    }

    [Fact]
    public void Float_and_double_agree_on_an_adam_step()
    {
        var pf = new Parameter<float>("w", ParameterRole.Kernel, 1, 2);
        new[] { 1f, -2f }.CopyTo(pf.Value.Span);
        new[] { 0.5f, -1f }.CopyTo(pf.Gradient.Span);

        new Adam<float>(0.1).Step([pf]);

        pf.Value.Span.ToArray().Should().Equal([0.9f, -1.9f], (x, e) => Math.Abs(x - e) <= 1e-6f);
    }

    [Fact]
    public void Invalid_hyperparameters_throw_naming_the_value()
    {
        FluentActions.Invoking(() => new Sgd<double>(-0.1)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*LearningRate*-0.1*");
        FluentActions.Invoking(() => new Sgd<double>(0.1, momentum: 1.0)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*omentum*");
        FluentActions.Invoking(() => new Sgd<double>(0.1, nesterov: true)).Should().Throw<ArgumentException>().WithMessage("*Nesterov*");
        FluentActions.Invoking(() => new Adam<double>(beta1: 1.0)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*beta1*");
        FluentActions.Invoking(() => new RmsProp<double>(rho: -0.1)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*rho*");
        FluentActions.Invoking(() => new Adagrad<double>(initialAccumulator: -1)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*accumulator*");
        FluentActions.Invoking(() => new Sgd<double>(0.1) { ClipNorm = 0 }).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*ClipNorm*");
        FluentActions.Invoking(() => new Sgd<double>(0.1).LearningRate = double.NaN).Should().Throw<ArgumentOutOfRangeException>();
    }
}
