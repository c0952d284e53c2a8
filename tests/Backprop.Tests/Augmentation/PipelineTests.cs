using Backprop.Activations;
using Backprop.Augmentation;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;

namespace Backprop.Tests.Augmentation;

[Collection(nameof(ThreadSettingsCollection))]
public class PipelineTests
{
    private static readonly SampleShape Shape = SampleShape.Image(8, 8);

    private static AugmentationPipeline<float> Pipeline(int seed = 3) =>
        new AugmentationPipeline<float>(Shape, seed)
            .RandomAffine(15, 1.5, 0.9, 1.1)
            .ElasticDistortion(1)
            .RandomErasing(0.5)
            .GaussianNoise(0.05)
            .MixUp(0.4);

    private static (Tensor2D<float> X, Tensor2D<float> Y) Batch(int rows)
    {
        var data = Datasets.Digits();
        var x = new Tensor2D<float>(rows, 64);
        var y = new Tensor2D<float>(rows, 10);
        for (int r = 0; r < rows; r++)
        {
            data.Features.Row(r).CopyTo(x.Row(r));
            y[r, (int)data.Targets[r, 0]] = 1;
        }

        return (x, y);
    }

    private static float[] Run(int threads, int seed = 3, int epoch = 2)
    {
        int saved = BackpropSettings.MaxThreads;
        try
        {
            BackpropSettings.MaxThreads = threads;
            var (x, y) = Batch(100);
            int[] indices = Enumerable.Range(500, 100).ToArray();
            Pipeline(seed).TransformBatch(x, y, indices, epoch, batchIndex: 4);
            return [.. x.Span.ToArray(), .. y.Span.ToArray()];
        }
        finally
        {
            BackpropSettings.MaxThreads = saved;
        }
    }

    [Fact]
    public void Same_seed_gives_identical_batches_whatever_the_thread_count()
    {
        var one = Run(threads: 1);
        Run(threads: 2).Should().Equal(one);
        Run(threads: 7).Should().Equal(one);
    }

    [Fact]
    public void Seed_and_epoch_change_the_result()
    {
        var reference = Run(1);
        Run(1, seed: 4).Should().NotEqual(reference);
        Run(1, epoch: 3).Should().NotEqual(reference);
    }

    [Fact]
    public void A_sample_is_augmented_the_same_way_whichever_batch_it_lands_in()
    {
        var pipeline = new AugmentationPipeline<float>(Shape, 9).RandomAffine(20, 2).GaussianNoise(0.1);
        var (x, _) = Batch(10);
        var alone = new Tensor2D<float>(1, 64);
        x.Row(6).CopyTo(alone.Row(0));

        pipeline.TransformSamples(x, Enumerable.Range(0, 10).ToArray(), epoch: 1);
        pipeline.TransformSamples(alone, [6], epoch: 1);

        alone.Row(0).ToArray().Should().Equal(x.Row(6).ToArray());
    }

    [Fact]
    public void Preview_renders_distinct_versions_and_leaves_the_sample_alone()
    {
        var (x, _) = Batch(1);
        var sample = x.Row(0).ToArray();
        var preview = new AugmentationPipeline<float>(Shape, 1).RandomAffine(20, 1).Preview(sample, 6);

        preview.Rows.Should().Be(6);
        sample.Should().Equal(x.Row(0).ToArray());
        Enumerable.Range(0, 6).Select(r => string.Join(",", preview.Row(r).ToArray())).Distinct().Should().HaveCount(6);
    }

    [Fact]
    public void Shape_mismatch_is_reported_with_both_sizes()
    {
        var act = () => new AugmentationPipeline<float>(SampleShape.Image(28, 28)).RandomRotation(5).Prepare(new Tensor2D<float>(2, 64));
        act.Should().Throw<ArgumentException>().WithMessage("*784*64*");
    }
}

[CollectionDefinition(nameof(ThreadSettingsCollection), DisableParallelization = true)]
public class ThreadSettingsCollection
{
}
