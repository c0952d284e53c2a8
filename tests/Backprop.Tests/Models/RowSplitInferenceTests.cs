using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Tests.Kernels;

namespace Backprop.Tests.Models;

/// <summary>
/// Large inference passes are split by rows across the kernel threads (each chunk runs every layer on its own rows):
/// the results are the bits of one thread, nothing is allocated once warm, and models with a custom layer are not split.
/// </summary>
[Collection(SerialCollection.Name)]
public class RowSplitInferenceTests
{
    private const int Features = 256;

    [Theory]
    [InlineData(1000)]
    [InlineData(999)]
    [InlineData(300)]
    [InlineData(257)]
    public void A_split_pass_gives_the_bits_of_one_thread(int batchSize)
    {
        var model = BuiltModel();
        var x = Random(1000, Features, seed: 4);
        var one = WithThreads(1, () => model.Predict(x, batchSize).Span.ToArray());
        long before = InferenceRunner<float>.SplitPasses;
        var two = WithThreads(2, () => model.Predict(x, batchSize).Span.ToArray());
        InferenceRunner<float>.SplitPasses.Should().BeGreaterThan(before, "a pass of {0} rows of this model is worth two threads", batchSize);
        two.Should().Equal(one);

        var classesOne = WithThreads(1, () => model.PredictClasses(x));
        var classesTwo = WithThreads(2, () => model.PredictClasses(x));
        classesTwo.Should().Equal(classesOne);
    }

    [Fact]
    public void Small_passes_and_models_with_a_custom_layer_are_not_split()
    {
        var model = BuiltModel();
        var small = Random(200, Features, seed: 5);
        long before = InferenceRunner<float>.SplitPasses;
        WithThreads(2, () => model.Predict(small, batchSize: 200));
        InferenceRunner<float>.SplitPasses.Should().Be(before, "100 rows per chunk would pack every weight matrix twice for little work");

        var custom = new Sequential<float>(new Dense<float>(512, Activation.ReLU), new Doubling(), new Dense<float>(10));
        custom.Build(Features, seed: 2);
        var x = Random(1000, Features, seed: 6);
        var expected = WithThreads(1, () => custom.Predict(x, batchSize: 1000).Span.ToArray());
        WithThreads(2, () => custom.Predict(x, batchSize: 1000).Span.ToArray()).Should().Equal(expected);
        InferenceRunner<float>.SplitPasses.Should().Be(before, "a custom layer's Infer may not treat rows on their own");
    }

    [Fact]
    public void A_split_pass_into_the_callers_buffer_allocates_nothing_in_the_process()
    {
        var model = BuiltModel();
        var x = Random(1000, Features, seed: 7);
        var output = new Tensor2D<float>(1000, 10);
        WithThreads(2, () =>
        {
            for (int i = 0; i < 3; i++)
            {
                model.Predict(x, output, batchSize: 500);
            }

            // Smallest of a few windows: the test host allocates now and then on its own threads.
            long best = long.MaxValue;
            for (int attempt = 0; attempt < 10 && best > 0; attempt++)
            {
                long start = GC.GetTotalAllocatedBytes(precise: true);
                model.Predict(x, output, batchSize: 500);
                best = Math.Min(best, GC.GetTotalAllocatedBytes(precise: true) - start);
            }

            best.Should().Be(0);
            return 0;
        });
    }

    private static Sequential<float> BuiltModel()
    {
        var model = new Sequential<float>(
            new Dense<float>(512, Activation.ReLU),
            new BatchNormalization<float>(),
            new Dense<float>(64, Activation.Tanh),
            new LayerNormalization<float>(),
            new Dropout<float>(0.3),
            new Dense<float>(10));
        model.Build(Features, seed: 1);
        return model;
    }

    private static TResult WithThreads<TResult>(int threads, Func<TResult> body)
    {
        int saved = BackpropSettings.MaxThreads;
        BackpropSettings.MaxThreads = threads;
        try
        {
            return body();
        }
        finally
        {
            BackpropSettings.MaxThreads = saved;
        }
    }

    private static Tensor2D<float> Random(int rows, int columns, int seed) => ServingTests.Random(rows, columns, seed);

    /// <summary>A custom layer (doubles its input) without its own Infer.</summary>
    private sealed class Doubling : Layer<float>
    {
        private Tensor2D<float>? _output;

        protected override int OnBuild(int inputFeatures, int seed) => inputFeatures;

        protected override Tensor2D<float> ForwardCore(Tensor2D<float> input, bool training)
        {
            var y = Tensor2D<float>.Ensure(ref _output, input.Rows, input.Columns);
            for (int i = 0; i < input.Length; i++)
            {
                y.Span[i] = 2 * input.Span[i];
            }

            return y;
        }

        protected override Tensor2D<float> BackwardCore(Tensor2D<float> outputGradient) => outputGradient;
    }
}
