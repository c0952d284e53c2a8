using System.Numerics;
using Backprop.Activations;
using Backprop.Augmentation;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.Tests.Augmentation;

[Collection(nameof(ThreadSettingsCollection))]
public class FitAugmentationTests
{
    /// <summary>Counts the rows it sees and remembers their first value.</summary>
    private sealed class Spy<T> : SampleTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private int _count;

        public Spy()
            : base(1)
        {
        }

        public int Count => _count;

        protected override void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random)
            => Interlocked.Increment(ref _count);
    }

    private static Dataset<float> Data() => Datasets.Digits().Subset(Enumerable.Range(0, 300).ToArray());

    [Fact]
    public void Augmentation_touches_training_rows_only_never_validation_evaluate_or_predict()
    {
        var (train, validation) = Data().Split(0.2, seed: 1);
        var spy = new Spy<float>();
        var pipeline = new AugmentationPipeline<float>(SampleShape.Image(8, 8)).Add(spy);
        var model = new Sequential<float>(new Dense<float>(16, Activation.ReLU), new Dense<float>(10));

        model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01),
            epochs: 3, batchSize: 32, validationData: validation, seed: 1, augmentation: pipeline);
        spy.Count.Should().Be(3 * train.Count);

        model.Evaluate(validation);
        model.Predict(validation.Features);
        spy.Count.Should().Be(3 * train.Count);
    }

    [Fact]
    public void MixUp_turns_class_labels_into_soft_targets_and_training_still_learns()
    {
        var (train, test) = Datasets.Digits().SplitStratified(0.2, seed: 2);
        var pipeline = new AugmentationPipeline<float>(SampleShape.Image(8, 8), seed: 2).MixUp(0.2);
        var model = new Sequential<float>(new Dense<float>(64, Activation.ReLU), new Dense<float>(10));

        var history = model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.003),
            epochs: 15, batchSize: 32, seed: 2, augmentation: pipeline);

        history.Epochs.Should().HaveCount(15);
        model.Evaluate(test).Accuracy.Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void Training_with_augmentation_is_bit_identical_across_threads_and_with_or_without_prefetch()
    {
        float[] Train(int threads, bool prefetch)
        {
            int saved = BackpropSettings.MaxThreads;
            try
            {
                BackpropSettings.MaxThreads = threads;
                var pipeline = new AugmentationPipeline<float>(SampleShape.Image(8, 8), seed: 5)
                    .RandomAffine(10, 1).RandomErasing(0.3).CutMix(1.0, probability: 0.5);
                var model = new Sequential<float>(new Dense<float>(16, Activation.ReLU), new Dense<float>(10));
                model.Fit(Data(), new CategoricalCrossEntropy<float>(fromLogits: true), new Sgd<float>(0.05, momentum: 0.9), new FitOptions<float>
                {
                    Epochs = 2,
                    BatchSize = 40,
                    Seed = 5,
                    Augmentation = pipeline,
                    PrefetchAugmentation = prefetch,
                });
                return model.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
            }
            finally
            {
                BackpropSettings.MaxThreads = saved;
            }
        }

        var reference = Train(1, prefetch: false);
        Train(2, prefetch: true).Should().Equal(reference);
        Train(2, prefetch: false).Should().Equal(reference);
    }

    [Fact]
    public void Tabular_statistics_are_fitted_on_the_training_part_of_a_validation_split()
    {
        var data = Datasets.Wine<float>();
        var noise = new FeatureNoise<float>(0.05);
        var model = new Sequential<float>(new Dense<float>(8, Activation.ReLU), new Dense<float>(3));

        model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 1, validationSplit: 0.5, seed: 3,
            augmentation: new AugmentationPipeline<float>(SampleShape.Tabular(13)).Add(noise));

        var (train, _) = data.Split(0.5, seed: 3);
        double mean = Enumerable.Range(0, train.Count).Average(i => (double)train.Features[i, 12]);
        double std = Math.Sqrt(Enumerable.Range(0, train.Count).Average(i => Math.Pow(train.Features[i, 12] - mean, 2)));
        noise.FeatureStandardDeviations![12].Should().BeApproximately(std, std * 1e-5);
    }
}
