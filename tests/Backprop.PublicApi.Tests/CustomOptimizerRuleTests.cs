using System.Collections.Concurrent;
using Backprop;
using Backprop.Optimizers;
using Backprop.Layers;

namespace Backprop.PublicApi.Tests;

/// <summary>
/// The optimizer's rule contract as a user outside the assembly sees it: one <c>Update(ParameterSlice)</c>, and
/// <c>IsElementwise</c> by which an element-wise rule opts in to chunked, multi-threaded updates. A rule that does not
/// opt in must see every parameter whole, in one call.
/// </summary>
public class CustomOptimizerRuleTests
{
    /// <summary>Larger than several of the optimizer's chunks, with a ragged tail.</summary>
    private const int LargeLength = 100_003;

    /// <summary>Heavy-ball momentum written by a user: <c>m ← 0.9·m + g</c>, <c>w ← w − lr·m</c>; element-wise.</summary>
    private sealed class UserMomentum(double learningRate, bool optIn) : Optimizer<float>(learningRate)
    {
        public ConcurrentQueue<(string Parameter, long Step, int Offset, int Length, bool Whole)> Calls { get; } = new();

        public override bool IsElementwise => optIn;

        protected override int StateSlots => 1;

        protected override void Update(ParameterSlice<float> slice)
        {
            Calls.Enqueue((slice.Parameter.Name, slice.Step, slice.Offset, slice.Length, slice.IsWholeParameter));
            Span<float> value = slice.Value;
            ReadOnlySpan<float> gradient = slice.Gradient;
            Span<float> m = slice.State(0);
            for (int i = 0; i < value.Length; i++)
            {
                m[i] = (0.9f * m[i]) + gradient[i];
                value[i] -= slice.LearningRate * m[i];
            }
        }
    }

    /// <summary>Normalized gradient descent, <c>w ← w − lr·g/‖g‖</c>: the norm is over the whole parameter, so not element-wise.</summary>
    private sealed class NormalizedDescent(double learningRate) : Optimizer<float>(learningRate)
    {
        public ConcurrentQueue<(string Parameter, int Offset, int Length, bool Whole, int Thread)> Calls { get; } = new();

        protected override int StateSlots => 0;

        protected override void Update(ParameterSlice<float> slice)
        {
            Calls.Enqueue((slice.Parameter.Name, slice.Offset, slice.Length, slice.IsWholeParameter, Environment.CurrentManagedThreadId));
            float scale = slice.LearningRate / Norm(slice.Gradient);
            for (int i = 0; i < slice.Length; i++)
            {
                slice.Value[i] -= scale * slice.Gradient[i];
            }
        }
    }

    [Fact]
    public void The_built_in_optimizers_opt_in_and_a_custom_one_does_not_by_default()
    {
        Optimizer<float>[] builtIn = [new Sgd<float>(), new Sgd<float>(momentum: 0.9), new Adam<float>(), new AdamW<float>(), new RmsProp<float>(), new Adagrad<float>()];
        builtIn.Should().OnlyContain(o => o.IsElementwise);
        new NormalizedDescent(0.1).IsElementwise.Should().BeFalse();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void An_element_wise_rule_that_opts_in_gives_the_bits_of_whole_parameter_updates_from_chunks(int threads)
    {
        int saved = BackpropSettings.MaxThreads;
        BackpropSettings.MaxThreads = threads;
        try
        {
            var whole = new UserMomentum(0.05, optIn: false) { WeightDecay = 0.1 };
            var chunked = new UserMomentum(0.05, optIn: true) { WeightDecay = 0.1 };
            var expected = Train(whole, steps: 3);
            var got = Train(chunked, steps: 3);

            for (int p = 0; p < expected.Length; p++)
            {
                got[p].Value.Span.ToArray().Should().Equal(expected[p].Value.Span.ToArray(), $"{got[p].Name} at {threads} thread(s)");
                got[p].Gradient.Span.ToArray().Should().OnlyContain(g => g == 0f, "gradients are zeroed after each step");
            }

            // Not opted in: one whole-parameter call per parameter and step.
            whole.Calls.Should().HaveCount(3 * expected.Length).And.OnlyContain(c => c.Whole && c.Offset == 0);

            // Opted in: the large kernel came in several chunks that tile it exactly, every step.
            var kernelChunks = chunked.Calls.Where(c => c.Parameter == "kernel").ToList();
            kernelChunks.Should().HaveCountGreaterThan(3 * 2).And.OnlyContain(c => !c.Whole);
            for (int step = 1; step <= 3; step++)
            {
                int covered = 0;
                foreach (var chunk in kernelChunks.Where(c => c.Step == step).OrderBy(c => c.Offset))
                {
                    chunk.Offset.Should().Be(covered, "chunks are consecutive");
                    covered += chunk.Length;
                }

                covered.Should().Be(LargeLength);
            }
        }
        finally
        {
            BackpropSettings.MaxThreads = saved;
        }
    }

    [Fact]
    public void A_rule_that_does_not_opt_in_sees_each_whole_parameter_once_per_step_on_the_calling_thread()
    {
        int saved = BackpropSettings.MaxThreads;
        BackpropSettings.MaxThreads = 2;
        try
        {
            var optimizer = new NormalizedDescent(0.5);
            var parameters = Parameters();
            var before = parameters.Select(p => p.Value.Span.ToArray()).ToArray();
            var gradients = parameters.Select(p => p.Gradient.Span.ToArray()).ToArray();

            optimizer.Step(parameters);

            optimizer.Calls.Select(c => (c.Parameter, c.Offset, c.Length, c.Whole))
                .Should().Equal(parameters.Select(p => (p.Name, 0, p.Length, true)));
            optimizer.Calls.Should().OnlyContain(c => c.Thread == Environment.CurrentManagedThreadId);

            // The norm is the whole parameter's: a chunked update would have scaled each chunk by its own norm.
            for (int p = 0; p < parameters.Length; p++)
            {
                float scale = 0.5f / Norm(gradients[p]);
                parameters[p].Value.Span.ToArray().Should().Equal(before[p].Zip(gradients[p], (w, g) => w - (scale * g)), parameters[p].Name);
            }
        }
        finally
        {
            BackpropSettings.MaxThreads = saved;
        }
    }

    private static Parameter<float>[] Train(Optimizer<float> optimizer, int steps)
    {
        var parameters = Parameters();
        for (int step = 0; step < steps; step++)
        {
            if (step > 0)
            {
                Fill(parameters[0].Gradient.Span, seed: 10 + step);
                Fill(parameters[1].Gradient.Span, seed: 20 + step);
            }

            optimizer.Step(parameters);
        }

        return parameters;
    }

    /// <summary>A large kernel (decayed by the default policy) and a small bias (not decayed), gradients filled.</summary>
    private static Parameter<float>[] Parameters()
    {
        var kernel = new Parameter<float>("kernel", ParameterRole.Kernel, 1, LargeLength);
        var bias = new Parameter<float>("bias", ParameterRole.Bias, 1, 7);
        Fill(kernel.Value.Span, seed: 1);
        Fill(bias.Value.Span, seed: 2);
        Fill(kernel.Gradient.Span, seed: 10);
        Fill(bias.Gradient.Span, seed: 20);
        return [kernel, bias];
    }

    private static float Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += (double)v * v;
        }

        return (float)Math.Sqrt(sum);
    }

    private static void Fill(Span<float> values, int seed)
    {
        var rng = new Random(seed);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (rng.NextSingle() * 2) - 1;
        }
    }
}
