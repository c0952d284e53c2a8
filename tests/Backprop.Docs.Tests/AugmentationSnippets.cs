using System.Numerics;
using Backprop.Activations;
using Backprop.Augmentation;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;

namespace Backprop.Docs.Tests;

/// <summary>docs/augmentation.md: the digits are 8×8 images, small enough for a test.</summary>
public class AugmentationSnippets
{
    [Fact]
    public void An_image_pipeline_trains_and_previews()
    {
        var (train, test) = Datasets.Digits().SplitStratified(testFraction: 0.2, seed: 42);
        var model = new Sequential<float>(new Dense<float>(64, Activation.ReLU), new Dense<float>(10));
        string png = Path.Combine(Path.GetTempPath(), $"preview-{Guid.NewGuid():N}.png");
        #region ImagePipeline
        var pipeline = new AugmentationPipeline<float>(SampleShape.Image(8, 8), seed: 42)
            .RandomAffine(maxDegrees: 10, maxShift: 1, minScale: 0.9, maxScale: 1.1)   // one resampling pass
            .ElasticDistortion(magnitude: 0.5, probability: 0.5)
            .RandomErasing(probability: 0.2, maxArea: 0.1)
            .MixUp(alpha: 0.2);                                                     // per batch, soft targets
        model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.005),
            epochs: 10, batchSize: 32, seed: 42, augmentation: pipeline);

        var versions = pipeline.Preview(train.Features.Row(0), count: 8);             // 8 augmented copies of one sample
        PreviewImage.SavePng(png, versions, SampleShape.Image(8, 8));                 // look at them
        #endregion

        model.Evaluate(test).Accuracy.Should().BeGreaterThan(0.85);
        versions.Rows.Should().Be(8);
        File.ReadAllBytes(png)[1..4].Should().Equal("PNG"u8.ToArray());
        File.Delete(png);
    }

    [Fact]
    public void A_tabular_pipeline()
    {
        #region TabularPipeline
        var data = Datasets.Wine<float>();                                  // 178 × 13, unscaled
        var pipeline = new AugmentationPipeline<float>(SampleShape.Tabular(13), seed: 1)
            .FeatureNoise(scale: 0.05)                                      // σ per feature, fitted on the training rows
            .FeatureDropout(rate: 0.1)
            .SwapNoise(rate: 0.1);                                          // values swapped in from other rows
        var model = new Sequential<float>(new BatchNormalization<float>(), new Dense<float>(16, Activation.ReLU), new Dense<float>(3));
        var history = model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01),
            epochs: 30, validationSplit: 0.2, stratifyValidationSplit: true, seed: 1, augmentation: pipeline);
        #endregion

        history.Epochs[^1]["val_accuracy"].Should().BeGreaterThan(0.8);
    }

    #region CustomTransform
    /// <summary>Inverts intensities (1 − x) with probability p; randomness only from the generator it is given.</summary>
    public sealed class Invert<T>(double probability) : SampleTransform<T>(probability)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        protected override void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random)
        {
            for (int i = 0; i < sample.Length; i++)
            {
                sample[i] = T.One - sample[i];
            }
        }
    }
    #endregion

    [Fact]
    public void A_custom_transform_plugs_into_the_pipeline()
    {
        var sample = Datasets.Digits().Features.Row(0).ToArray();
        #region CustomTransformUse
        var pipeline = new AugmentationPipeline<float>(SampleShape.Image(8, 8), seed: 7).Add(new Invert<float>(probability: 0.5));
        var copies = pipeline.Preview(sample, count: 16);                   // rows: inverted or not, reproducibly
        #endregion

        int inverted = Enumerable.Range(0, 16).Count(r => Math.Abs(copies[r, 0] - (1 - sample[0])) < 1e-6 && sample[0] != 0.5f);
        inverted.Should().BeInRange(1, 15);
        pipeline.Preview(sample, count: 16).Span.ToArray().Should().Equal(copies.Span.ToArray(), "same seed, same copies");
    }
}
