using System.Numerics;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Regularization;

namespace Backprop.Tests.Serialization;

/// <summary>Models with every built-in layer, activation, initializer, regularizer and constraint, for save/load tests.</summary>
internal static class ModelFiles
{
    public static Sequential<T> EveryLayer<T>(int inputs = 5, int seed = 3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = new Sequential<T>(
            new Dense<T>(7, Activation.ReLU, kernelRegularizer: new L2(1e-3), biasRegularizer: new L1(1e-4), activityRegularizer: new L1L2(1e-5, 2e-5), kernelConstraint: new MaxNorm(3, axis: 0)),
            new BatchNormalization<T>(momentum: 0.9, epsilon: 1e-4),
            new Dropout<T>(0.25),
            new Dense<T>(6, Activation.LeakyReLU(0.2), kernelInitializer: Initializer.HeNormal, biasConstraint: new NonNeg()),
            new GaussianDropout<T>(0.1, seed: 11),
            new Dense<T>(6, Activation.ELU(0.7), kernelInitializer: new VarianceScaling(1.5, FanMode.Out, Distribution.Normal), kernelConstraint: new UnitNorm(1)),
            new AlphaDropout<T>(0.05),
            new GaussianNoiseLayer<T>(0.2),
            new LayerNormalization<T>(epsilon: 1e-5),
            new Dense<T>(6, Activation.GELU, useBias: false),
            new ActivationLayer<T>(Activation.GELUTanh),
            new Dense<T>(5, Activation.SELU, biasInitializer: Initializer.Constant(0.1)),
            new ActivationLayer<T>(Activation.SiLU),
            new ActivationLayer<T>(Activation.Softplus),
            new ActivationLayer<T>(Activation.HardSigmoid),
            new ActivationLayer<T>(Activation.Tanh),
            new ActivationLayer<T>(Activation.Sigmoid),
            new Dense<T>(4, Activation.Identity, kernelInitializer: Initializer.LeCunUniform),
            new ActivationLayer<T>(Activation.Softmax));
        model.Build(inputs, seed);
        return model;
    }

    /// <summary>Runs a few training steps so that every parameter, running statistic and step counter moves off its initial value.</summary>
    public static void Train<T>(Sequential<T> model, int seed = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Features<T>(32, model.InputFeatures, seed);
        var y = new Tensor2D<T>(32, model.OutputFeatures);
        for (int r = 0; r < 32; r++)
        {
            y[r, r % model.OutputFeatures] = T.One;
        }

        model.Fit(new Backprop.Data.Dataset<T>(x, y), new Backprop.Losses.CategoricalCrossEntropy<T>(), new Backprop.Optimizers.Adam<T>(0.01), epochs: 3, batchSize: 8, seed: seed);
    }

    public static Tensor2D<T> Features<T>(int rows, int columns, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var t = new Tensor2D<T>(rows, columns);
        for (int i = 0; i < t.Length; i++)
        {
            t.Span[i] = T.CreateTruncating((rng.NextDouble() * 4) - 2);
        }

        return t;
    }

    public static byte[] Bytes<T>(Sequential<T> model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    /// <summary>The loader without <c>Sequential.Load</c>'s safety net, so that tests see any exception it lets escape.</summary>
    public static IReadOnlyList<Layer<T>> ReadUnguarded<T>(byte[] bytes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return Backprop.Serialization.ModelFile.Read<T>(stream, Backprop.Serialization.ModelLoadOptions.Default, allowExtraTensors: false).Layers;
    }

    public static Sequential<T> FromBytes<T>(byte[] bytes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return Sequential<T>.Load(stream);
    }
}
