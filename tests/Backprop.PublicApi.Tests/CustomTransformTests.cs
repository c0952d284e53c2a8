using System.Numerics;
using Backprop;
using Backprop.Activations;
using Backprop.Augmentation;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Models;

namespace Backprop.PublicApi.Tests;

/// <summary>Proves that users can write their own augmentation from outside the assembly.</summary>
public class CustomTransformTests
{
    /// <summary>Inverts pixel intensities (1 − x); a user-written per-sample transform.</summary>
    private sealed class Invert<T>(double probability) : SampleTransform<T>(probability) where T : unmanaged, IFloatingPointIeee754<T>
    {
        protected override void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random)
        {
            for (int i = 0; i < sample.Length; i++)
            {
                sample[i] = T.One - sample[i];
            }
        }
    }

    /// <summary>A user-written geometric transform: transpose (mirror about the main diagonal) with the affine base.</summary>
    private sealed class Transpose<T>() : AffineTransform<T>(1, FillMode.Constant, 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        protected override void DrawInverseMap(SampleShape shape, ref CounterRandom random, Span<double> inverse)
        {
            inverse.Clear();
            inverse[1] = 1; // source x = output y
            inverse[3] = 1; // source y = output x
        }
    }

    /// <summary>A user-written batch transform: replaces every target row with the batch mean (soft targets).</summary>
    private sealed class AverageTargets<T>() : BatchTransform<T>(1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        protected override void ApplyCore(Tensor2D<T> features, Tensor2D<T> targets, SampleShape shape, ref CounterRandom random)
        {
            var mean = new T[targets.Columns];
            for (int r = 0; r < targets.Rows; r++)
            {
                for (int k = 0; k < mean.Length; k++)
                {
                    mean[k] += targets[r, k] / T.CreateTruncating(targets.Rows);
                }
            }

            for (int r = 0; r < targets.Rows; r++)
            {
                mean.CopyTo(targets.Row(r));
            }
        }
    }

    [Fact]
    public void Custom_sample_transforms_plug_into_a_pipeline_and_preview()
    {
        var shape = SampleShape.Image(2, 2);
        var pipeline = new AugmentationPipeline<double>(shape, seed: 1).Add(new Transpose<double>()).Add(new Invert<double>(1));

        var preview = pipeline.Preview([0.0, 0.25, 0.5, 1.0], 2);

        preview.Row(0).ToArray().Should().Equal(1.0, 0.5, 0.75, 0.0);
        preview.Row(1).ToArray().Should().Equal(preview.Row(0).ToArray());
    }

    [Fact]
    public void Custom_transforms_run_inside_fit_with_soft_targets()
    {
        var data = Dataset<float>.From(new float[,] { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0, 0 } }, [0, 1, 1, 0]);
        var invert = new Invert<float>(0.5);
        var pipeline = new AugmentationPipeline<float>(SampleShape.Tabular(2), seed: 3).Add(invert).Add(new AverageTargets<float>());
        var model = new Sequential<float>(new Dense<float>(4, Activation.Tanh), new Dense<float>(2));

        var history = model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01),
            epochs: 3, batchSize: 4, seed: 1, augmentation: pipeline);

        history.Epochs.Should().HaveCount(3);
        history.Epochs.Should().AllSatisfy(e => double.IsFinite(e["loss"]).Should().BeTrue());
        invert.Probability.Should().Be(0.5);
    }
}
