using System.Numerics;
using Xunit.Abstractions;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;

namespace Backprop.Onnx.Tests;

/// <summary>
/// Every built-in layer and activation, float and double, at batch sizes 1, 7 and 1,000: ONNX Runtime's output must be
/// within 1e-5 (float) or 1e-12 (double) of Backprop's Predict.
/// </summary>
public sealed class LayerExportTests(ITestOutputHelper output)
{
    public static TheoryData<string> ActivationNames =>
    [
        "identity", "relu", "leaky_relu", "elu", "selu", "gelu", "gelu_tanh", "sigmoid", "tanh", "softmax", "silu", "softplus", "hard_sigmoid",
    ];

    public static TheoryData<string> LayerNames => ["dense_no_bias", "noise_layers", "batch_norm", "batch_norm_raw_inputs", "layer_norm", "activation_layer"];

    public static Activation ActivationNamed(string name) => name switch
    {
        "identity" => Activation.Identity,
        "relu" => Activation.ReLU,
        "leaky_relu" => Activation.LeakyReLU(0.13),
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
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Dense_with_each_activation_matches_Predict_in_float(string activation) => CheckBatches(DenseModel<float>(activation));

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Dense_with_each_activation_matches_Predict_in_double(string activation) => CheckBatches(DenseModel<double>(activation));

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void Each_layer_matches_Predict_in_float(string layer) => CheckBatches(LayerModel<float>(layer));

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void Each_layer_matches_Predict_in_double(string layer) => CheckBatches(LayerModel<double>(layer));

    [Fact]
    public void Gelu_in_double_holds_its_precision_far_into_both_tails()
    {
        // The double GELU's erf is composed from elementary ops (ErfDouble): check it on a wide grid, not only on
        // what a Dense layer happens to produce.
        var model = new Sequential<double>(new ActivationLayer<double>(Activation.GELU));
        model.Build(1);
        var x = new Tensor2D<double>(4001, 1);
        for (int i = 0; i < x.Rows; i++)
        {
            x[i, 0] = -20 + (i * 0.01);
        }

        Ort.MaxAbsDiff(model, x).Should().BeLessThanOrEqualTo(Ort.DoubleTolerance);
    }

    /// <summary>Dense(24, activation) on 12 features with a bias that is not zero, then a linear Dense(5).</summary>
    internal static Sequential<T> DenseModel<T>(string activation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = new Sequential<T>(new Dense<T>(24, ActivationNamed(activation)), new Dense<T>(5, ActivationNamed(activation)));
        model.Build(12, seed: 3);
        foreach (var layer in model.Layers.OfType<Dense<T>>())
        {
            Ort.Fill(layer.Bias!.Value, seed: 5, -0.5, 0.5);
        }

        return model;
    }

    internal static Sequential<T> LayerModel<T>(string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Sequential<T> model = name switch
        {
            "dense_no_bias" => new(new Dense<T>(16, Activation.Tanh, useBias: false), new Dense<T>(3, useBias: false)),
            "noise_layers" => new(
                new Dense<T>(16, Activation.ReLU), new Dropout<T>(0.3), new GaussianDropout<T>(0.2), new AlphaDropout<T>(0.1),
                new GaussianNoiseLayer<T>(0.5), new Dense<T>(4)),
            "batch_norm" => new(new Dense<T>(16), new BatchNormalization<T>(epsilon: 1e-3), new ActivationLayer<T>(Activation.ReLU), new Dense<T>(4)),
            "batch_norm_raw_inputs" => new(new BatchNormalization<T>(), new Dense<T>(4)),
            "layer_norm" => new(new Dense<T>(16), new LayerNormalization<T>(epsilon: 1e-3), new Dense<T>(4)),
            "activation_layer" => new(new Dense<T>(16), new ActivationLayer<T>(Activation.ELU()), new ActivationLayer<T>(Activation.Softmax)),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
        model.Build(12, seed: 11);
        int seed = 20;
        foreach (var layer in model.Layers)
        {
            switch (layer)
            {
                case BatchNormalization<T> bn when name == "batch_norm_raw_inputs":
                    // Statistics of raw features such as pixel values: means near 100, spreads from 0.3 to 30.
                    Ort.Fill(bn.RunningMean.Value, seed++, 95, 105);
                    Ort.Fill(bn.RunningVariance.Value, seed++, 0.1, 900);
                    Ort.Fill(bn.Gamma.Value, seed++, 0.5, 1.5);
                    break;
                case BatchNormalization<T> bn:
                    // Trained-looking statistics: means away from zero, variances away from one.
                    Ort.Fill(bn.RunningMean.Value, seed++, -2, 2);
                    Ort.Fill(bn.RunningVariance.Value, seed++, 0.05, 4);
                    Ort.Fill(bn.Gamma.Value, seed++, 0.5, 1.5);
                    Ort.Fill(bn.Beta.Value, seed++, -0.5, 0.5);
                    break;
                case LayerNormalization<T> ln:
                    Ort.Fill(ln.Gamma.Value, seed++, 0.5, 1.5);
                    Ort.Fill(ln.Beta.Value, seed++, -0.5, 0.5);
                    break;
                case Dense<T> { Bias: { } bias }:
                    Ort.Fill(bias.Value, seed++, -0.5, 0.5);
                    break;
            }
        }

        return model;
    }

    private void CheckBatches<T>(Sequential<T> model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte[] onnx = model.ToOnnxBytes();
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx);
        foreach (int rows in new[] { 1, 7, 1000 })
        {
            var x = Ort.Random<T>(rows, model.InputFeatures, seed: rows);
            if (model.Layers[0] is BatchNormalization<T>)
            {
                Shift(x, 100);
            }

            double diff = Ort.MaxAbsDiff(model.Predict(x), Ort.Run(session, x));
            output.WriteLine($"{typeof(T).Name} batch {rows}: max abs diff {diff:G3}");
            diff.Should().BeLessThanOrEqualTo(Ort.Tolerance<T>(), $"batch {rows}");
        }
    }

    private static void Shift<T>(Tensor2D<T> x, double by)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = x.Span;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] += T.CreateTruncating(by);
        }
    }
}
