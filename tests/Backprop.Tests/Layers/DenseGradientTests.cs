using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.Tests.Layers;

public class DenseGradientTests
{
    public static TheoryData<string> ActivationNames =>
    [
        "identity", "relu", "leaky_relu", "elu", "selu", "gelu", "gelu_tanh", "sigmoid", "tanh", "softmax", "silu", "softplus", "hard_sigmoid",
    ];

    internal static Activation ByName(string name) => name switch
    {
        "identity" => Activation.Identity,
        "relu" => Activation.ReLU,
        "leaky_relu" => Activation.LeakyReLU(0.1),
        "elu" => Activation.ELU(0.7),
        "selu" => Activation.SELU,
        "gelu" => Activation.GELU,
        "gelu_tanh" => Activation.GELUTanh,
        "sigmoid" => Activation.Sigmoid,
        "tanh" => Activation.Tanh,
        "softmax" => Activation.Softmax,
        "silu" => Activation.SiLU,
        "softplus" => Activation.Softplus,
        "hard_sigmoid" => Activation.HardSigmoid,
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Dense_with_fused_activation_matches_finite_differences(string activation)
    {
        var model = new Sequential<double>(new Dense<double>(5, ByName(activation)), new Dense<double>(3));
        model.Build(4, seed: 3);
        var x = TestData.Random(6, 4, seed: 1, scale: 2.0);
        var y = TestData.Random(6, 3, seed: 2);

        var report = GradientCheck.Run(model, new MeanSquaredError<double>(), x, y);

        report.WorstRelativeError.Should().BeLessThan(1e-6, report.ToString());
    }

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Activation_layer_matches_finite_differences(string activation)
    {
        var model = new Sequential<double>(new Dense<double>(5), new ActivationLayer<double>(ByName(activation)), new Dense<double>(2));
        model.Build(3, seed: 5);
        var x = TestData.Random(4, 3, seed: 7, scale: 2.0);
        var y = TestData.Random(4, 2, seed: 8);

        var report = GradientCheck.Run(model, new MeanSquaredError<double>(), x, y);

        report.WorstRelativeError.Should().BeLessThan(1e-6, report.ToString());
    }

    [Fact]
    public void Dense_without_bias_has_only_a_kernel_and_correct_gradients()
    {
        var model = new Sequential<double>(new Dense<double>(3, Activation.Tanh, useBias: false));
        model.Build(4, seed: 1);
        model.Parameters.Should().ContainSingle().Which.Role.Should().Be(ParameterRole.Kernel);

        var report = GradientCheck.Run(model, new MeanSquaredError<double>(), TestData.Random(5, 4, 1), TestData.Random(5, 3, 2));

        report.WorstRelativeError.Should().BeLessThan(1e-6, report.ToString());
    }

    [Fact]
    public void Gradient_check_detects_a_wrong_backward_pass()
    {
        // A deliberately broken layer: forward doubles, backward claims the derivative is 1.
        var model = new Sequential<double>(new Dense<double>(3), new BrokenDoubling());
        model.Build(2, seed: 1);

        var report = GradientCheck.Run(model, new MeanSquaredError<double>(), TestData.Random(3, 2, 1), TestData.Random(3, 3, 2));

        report.WorstRelativeError.Should().BeGreaterThan(0.1);
    }

    private sealed class BrokenDoubling : Layer<double>
    {
        private Tensor2D<double>? _y;

        protected override int OnBuild(int inputFeatures, int seed) => inputFeatures;

        protected override Tensor2D<double> ForwardCore(Tensor2D<double> input, bool training)
        {
            var y = Reuse(ref _y, input.Rows, input.Columns);
            for (int i = 0; i < input.Length; i++)
            {
                y.Span[i] = 2 * input.Span[i];
            }

            return y;
        }

        protected override Tensor2D<double> BackwardCore(Tensor2D<double> outputGradient) => outputGradient;
    }
}
