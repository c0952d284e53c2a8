using System.Numerics;
using Backprop;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.PublicApi.Tests;

/// <summary>Proves that users can extend Backprop from outside the assembly (no InternalsVisibleTo here).</summary>
public class CustomComponentTests
{
    /// <summary>y = s·x with one trainable scale s per feature.</summary>
    private sealed class Scale<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private Parameter<T>? _scale;
        private Tensor2D<T>? _input;
        private Tensor2D<T>? _y;
        private Tensor2D<T>? _dx;

        public override IReadOnlyList<Parameter<T>> Parameters => [_scale!];

        protected override int OnBuild(int inputFeatures, int seed)
        {
            _scale = new Parameter<T>("scale", ParameterRole.Other, 1, inputFeatures);
            _scale.Value.Fill(T.One + T.One);
            return inputFeatures;
        }

        protected override Tensor2D<T> ForwardCore(Tensor2D<T> input, bool training)
        {
            _input = input;
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

        protected override Tensor2D<T> BackwardCore(Tensor2D<T> outputGradient)
        {
            var dx = Reuse(ref _dx, outputGradient.Rows, outputGradient.Columns);
            for (int r = 0; r < outputGradient.Rows; r++)
            {
                for (int c = 0; c < outputGradient.Columns; c++)
                {
                    _scale!.Gradient[0, c] += outputGradient[r, c] * _input![r, c];
                    dx[r, c] = outputGradient[r, c] * _scale.Value[0, c];
                }
            }

            return dx;
        }
    }

    /// <summary>Sum of squared errors / N, written by a user.</summary>
    private sealed class HalfSquared : Loss<double>
    {
        public override string Name => "half_squared";

        protected override double Compute(Tensor2D<double> predictions, Tensor2D<double> targets, ReadOnlySpan<double> sampleWeights, Tensor2D<double> gradient)
        {
            double total = 0;
            for (int i = 0; i < predictions.Length; i++)
            {
                double e = predictions.Span[i] - targets.Span[i];
                total += 0.5 * e * e;
                gradient.Span[i] = e / predictions.Rows;
            }

            return total / predictions.Rows;
        }
    }

    /// <summary>Sign SGD: w ← w − lr·sign(g).</summary>
    private sealed class SignSgd : Optimizer<double>
    {
        public SignSgd(double lr) : base(lr) { }

        protected override int StateSlots => 0;

        protected override void Update(ParameterSlice<double> slice)
        {
            for (int i = 0; i < slice.Length; i++)
            {
                slice.Value[i] -= slice.LearningRate * Math.Sign(slice.Gradient[i]);
            }
        }
    }

    [Fact]
    public void A_custom_layer_passes_the_gradient_check()
    {
        var model = new Sequential<double>(new Scale<double>(), new Dense<double>(2));
        model.Build(3, seed: 1);
        var x = new Tensor2D<double>(4, 3, [.1, .2, .3, -.4, .5, .6, .7, -.8, .9, 1, 1.1, -1.2]);
        var y = new Tensor2D<double>(4, 2, [1, 0, 0, 1, 1, 1, 0, 0]);

        var report = GradientCheck.Run(model, new HalfSquared(), x, y);

        report.WorstRelativeError.Should().BeLessThan(1e-6, report.ToString());
    }

    [Fact]
    public void A_custom_optimizer_and_loss_train_a_model()
    {
        var model = new Sequential<double>(new Scale<double>());
        model.Build(1, seed: 1);
        var x = new Tensor2D<double>(2, 1, [1, 2]);
        var y = new Tensor2D<double>(2, 1, [3, 6]);
        var loss = new HalfSquared();
        var opt = new SignSgd(0.25);

        for (int i = 0; i < 4; i++)
        {
            loss.Forward(model.Forward(x, training: true), y);
            model.Backward(loss.Backward());
            opt.Step(model.Parameters);
        }

        model.Parameters[0].Value[0, 0].Should().Be(3.0);
    }
}
