using System.Numerics;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Regularization;

namespace Backprop.Docs.Tests;

/// <summary>docs/layers.md.</summary>
public class LayersSnippets
{
    [Fact]
    public void Layers_activations_and_initializers_build_a_model()
    {
        #region LayersModel
        var model = new Sequential<float>(
            new Dense<float>(64, Activation.GELU, kernelInitializer: Initializer.HeNormal),
            new BatchNormalization<float>(),                     // momentum 0.99, epsilon 1e-3 (Keras)
            new Dropout<float>(0.2),
            new Dense<float>(32, useBias: false),
            new ActivationLayer<float>(Activation.LeakyReLU(0.1)),
            new LayerNormalization<float>(),
            new Dense<float>(10));                               // logits
        model.Build(inputFeatures: 64, seed: 1);                 // or let Fit/Predict build it from the data
        Console.WriteLine(model.Summary());                      // layers, shapes, parameter counts
        foreach (var p in model.Parameters)
        {
            Console.WriteLine($"{p.Name} [{p.Value.Rows}, {p.Value.Columns}] {p.Role} trainable={p.Trainable}");
        }
        #endregion

        model.Layers.Select(l => l.Name).Should().StartWith("dense");
        model.Parameters.Should().Contain(p => p.Role == ParameterRole.RunningStatistic && !p.Trainable);
        model.Parameters.Single(p => p.Name == "dense/kernel").Value.Rows.Should().Be(64, "a Dense kernel is [inputs, units], as Keras");
    }

    [Fact]
    public void Freezing_a_layer_leaves_its_weights_alone()
    {
        var data = Datasets.Digits();
        #region FreezeLayer
        var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
        model.Build(data.Features.Columns, seed: 1);
        foreach (var p in model.Layers[0].Parameters)
        {
            p.Trainable = false;                                 // the optimizer skips it (PyTorch: requires_grad = False)
        }

        model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 2, seed: 1);
        #endregion

        var fresh = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
        fresh.Build(data.Features.Columns, seed: 1);
        model.Layers[0].Parameters[0].Value.Span.ToArray().Should().Equal(fresh.Layers[0].Parameters[0].Value.Span.ToArray());
        model.Layers[1].Parameters[0].Value.Span.ToArray().Should().NotEqual(fresh.Layers[1].Parameters[0].Value.Span.ToArray());
    }

    #region CustomLayer
    /// <summary>y = s ⊙ x with one trainable scale per feature.</summary>
    public sealed class Scale<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private Parameter<T>? _scale;
        private Tensor2D<T>? _input, _y, _dx;

        public override IReadOnlyList<Parameter<T>> Parameters => [_scale!];

        protected override int OnBuild(int inputFeatures, int seed)
        {
            _scale = new Parameter<T>("scale", ParameterRole.Other, 1, inputFeatures);
            _scale.Value.Fill(T.One);
            return inputFeatures;                                // output width
        }

        protected override Tensor2D<T> ForwardCore(Tensor2D<T> input, bool training)
        {
            _input = input;                                      // kept for the backward pass
            var y = Reuse(ref _y, input.Rows, input.Columns);
            for (int r = 0; r < input.Rows; r++)
            {
                for (int c = 0; c < input.Columns; c++)
                {
                    y[r, c] = input[r, c] * _scale!.Value[0, c];
                }
            }

            return y;
        }

        protected override Tensor2D<T> BackwardCore(Tensor2D<T> dy)
        {
            var dx = Reuse(ref _dx, dy.Rows, dy.Columns);
            for (int r = 0; r < dy.Rows; r++)
            {
                for (int c = 0; c < dy.Columns; c++)
                {
                    _scale!.Gradient[0, c] += dy[r, c] * _input![r, c]; // ∂L/∂s accumulates
                    dx[r, c] = dy[r, c] * _scale.Value[0, c];            // ∂L/∂x to the layer below
                }
            }

            return dx;
        }
    }
    #endregion

    [Fact]
    public void A_custom_layer_passes_the_gradient_check_and_trains()
    {
        #region CustomLayerCheck
        var model = new Sequential<double>(new Scale<double>(), new Dense<double>(3));
        var x = new Tensor2D<double>(4, 5, Enumerable.Range(0, 20).Select(i => Math.Sin(i)).ToArray());
        var y = new Tensor2D<double>(4, 1, [0, 1, 2, 1]);
        var report = GradientCheck.Run(model, new CategoricalCrossEntropy<double>(fromLogits: true), x, y);
        Console.WriteLine(report);                               // worst relative error per parameter
        #endregion

        report.WorstRelativeError.Should().BeLessThan(1e-6);
    }
}
