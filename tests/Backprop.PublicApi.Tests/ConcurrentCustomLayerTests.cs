using System.Collections.Concurrent;
using Backprop;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;

namespace Backprop.PublicApi.Tests;

/// <summary>
/// Custom layers under concurrent Predict: one written before <c>Infer</c> existed (Forward only) is still correct —
/// the model runs it under a lock — and one that overrides <c>Infer</c> from outside the assembly is used as such.
/// </summary>
public class ConcurrentCustomLayerTests
{
    [Fact]
    public void A_custom_layer_without_infer_is_still_correct_when_eight_threads_predict()
    {
        var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new ForwardOnlyScale(), new Dense<float>(5));
        AssertConcurrentCallsMatchSerialOnes(model);
    }

    [Fact]
    public void A_custom_layer_can_override_infer_from_outside_the_assembly()
    {
        var layer = new InferringScale();
        var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), layer, new Dense<float>(5));
        AssertConcurrentCallsMatchSerialOnes(model);
        layer.InferCalls.Should().BeGreaterThan(0);
        layer.ForwardCalls.Should().Be(0, "Predict runs Infer, never the training path");
    }

    private static void AssertConcurrentCallsMatchSerialOnes(Sequential<float> model)
    {
        model.Build(12, seed: 1);
        var rng = new Random(3);
        var inputs = Enumerable.Range(0, 64).Select(i =>
        {
            var x = new Tensor2D<float>(1 + rng.Next(40), 12);
            for (int j = 0; j < x.Length; j++)
            {
                x.Span[j] = rng.NextSingle() - 0.5f;
            }

            return x;
        }).ToArray();
        var expected = inputs.Select(x => model.Predict(x).Span.ToArray()).ToArray();
        var failures = new ConcurrentQueue<string>();
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int call = 0; call < 300; call++)
            {
                int i = ((call * 7) + t) % inputs.Length;
                try
                {
                    if (!model.Predict(inputs[i]).Span.ToArray().SequenceEqual(expected[i]))
                    {
                        failures.Enqueue($"thread {t}, input {i}: different values");
                    }
                }
                catch (Exception e)
                {
                    failures.Enqueue($"thread {t}, input {i}: {e.GetType().Name}");
                }
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        failures.Should().BeEmpty();
    }

    /// <summary>y = 2·x through layer-owned buffers, as a custom layer written against Forward alone would be.</summary>
    private sealed class ForwardOnlyScale : Layer<float>
    {
        private Tensor2D<float>? _y;

        protected override int OnBuild(int inputFeatures, int seed) => inputFeatures;

        protected override Tensor2D<float> ForwardCore(Tensor2D<float> input, bool training)
        {
            var y = Reuse(ref _y, input.Rows, input.Columns);
            for (int i = 0; i < y.Length; i++)
            {
                // Slow enough per element that unsynchronized calls would overwrite each other's buffer.
                y.Span[i] = input.Span[i] * 2;
                Thread.SpinWait(2);
            }

            return y;
        }

        protected override Tensor2D<float> BackwardCore(Tensor2D<float> outputGradient) => outputGradient;
    }

    /// <summary>The same layer with an Infer override that writes nothing of its own.</summary>
    private sealed class InferringScale : Layer<float>
    {
        private Tensor2D<float>? _y;
        private int _inferCalls;

        public int InferCalls => Volatile.Read(ref _inferCalls);

        public int ForwardCalls { get; private set; }

        protected override int OnBuild(int inputFeatures, int seed) => inputFeatures;

        protected override Tensor2D<float> ForwardCore(Tensor2D<float> input, bool training)
        {
            ForwardCalls++;
            var y = Reuse(ref _y, input.Rows, input.Columns);
            Infer(input, y, null!);
            return y;
        }

        protected override void Infer(Tensor2D<float> input, Tensor2D<float> output, InferenceScratch<float> scratch)
        {
            Interlocked.Increment(ref _inferCalls);
            for (int i = 0; i < output.Length; i++)
            {
                output.Span[i] = input.Span[i] * 2;
            }
        }

        protected override Tensor2D<float> BackwardCore(Tensor2D<float> outputGradient) => outputGradient;
    }
}
