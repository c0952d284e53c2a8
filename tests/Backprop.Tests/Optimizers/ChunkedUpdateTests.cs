using Backprop.Optimizers;
using Backprop.Tests.Kernels;
using Backprop.Layers;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// Large parameters are updated chunk by chunk (decay, rule and gradient zeroing in one pass), on the kernel pool when
/// threads are allowed. The result must be the same bits as updating the same numbers held in small parameters, one
/// chunk or less each, at any thread count — which also checks that each chunk reads its own slice of the state.
/// </summary>
[Collection(SerialCollection.Name)]
public class ChunkedUpdateTests
{
    public static TheoryData<string> Optimizers() => ["sgd", "nesterov", "adam", "amsgrad", "adamw", "rmsprop", "rmsprop-momentum", "adagrad"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_multi_chunk_parameter_matches_the_same_numbers_in_small_parameters_at_one_and_two_threads(string name)
    {
        const int pieces = 5;
        int pieceLength = ParameterUpdateJob<float>.Chunk - 3; // pieces straddle chunk boundaries of the big parameter
        int length = pieces * pieceLength;
        var expected = RunSmall(name, pieces, pieceLength);
        foreach (int threads in new[] { 1, 2 })
        {
            int saved = BackpropSettings.MaxThreads;
            BackpropSettings.MaxThreads = threads;
            try
            {
                var big = new Parameter<float>("w", ParameterRole.Kernel, 1, length);
                Fill(big.Value.Span, seed: 1);
                var optimizer = Create(name);
                for (int step = 0; step < 3; step++)
                {
                    Fill(big.Gradient.Span, seed: 10 + step);
                    optimizer.Step([big]);
                    big.Gradient.Span.ToArray().Should().OnlyContain(g => g == 0f, "gradients are zeroed after the step");
                }

                big.Value.Span.ToArray().Should().Equal(expected, $"{name} at {threads} thread(s)");
            }
            finally
            {
                BackpropSettings.MaxThreads = saved;
            }
        }
    }

    private static float[] RunSmall(string name, int pieces, int pieceLength)
    {
        var all = new float[pieces * pieceLength];
        Fill(all, seed: 1);
        var parameters = new List<Parameter<float>>();
        for (int i = 0; i < pieces; i++)
        {
            var p = new Parameter<float>($"w{i}", ParameterRole.Kernel, 1, pieceLength);
            all.AsSpan(i * pieceLength, pieceLength).CopyTo(p.Value.Span);
            parameters.Add(p);
        }

        var optimizer = Create(name);
        var gradient = new float[all.Length];
        for (int step = 0; step < 3; step++)
        {
            Fill(gradient, seed: 10 + step);
            for (int i = 0; i < pieces; i++)
            {
                gradient.AsSpan(i * pieceLength, pieceLength).CopyTo(parameters[i].Gradient.Span);
            }

            optimizer.Step(parameters);
        }

        return parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
    }

    private static Optimizer<float> Create(string name) => name switch
    {
        "sgd" => new Sgd<float>(0.05, momentum: 0.9, weightDecay: 0.01),
        "nesterov" => new Sgd<float>(0.05, momentum: 0.9, nesterov: true),
        "adam" => new Adam<float>(0.01),
        "amsgrad" => new Adam<float>(0.01, amsGrad: true),
        "adamw" => new AdamW<float>(0.01, weightDecay: 0.05),
        "rmsprop" => new RmsProp<float>(0.01),
        "rmsprop-momentum" => new RmsProp<float>(0.01, momentum: 0.5),
        _ => new Adagrad<float>(0.1),
    };

    private static void Fill(Span<float> values, int seed)
    {
        var rng = new Random(seed);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (rng.NextSingle() * 2) - 1;
        }
    }
}
