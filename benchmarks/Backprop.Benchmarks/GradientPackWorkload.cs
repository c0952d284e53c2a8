using System.Diagnostics;
using System.Globalization;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Benchmarks;

/// <summary>
/// What data-parallel Fit adds to a step besides the all-reduce itself: scaling the MLP-MNIST gradient arena (535,818
/// floats) in place by the rank's share of the batch (<see cref="GradientReducer{T}"/> with a collective that moves
/// nothing), against one training step of a 64-row shard (what each of 2 ranks computes for a global batch of 128).
/// </summary>
internal static class GradientPackWorkload
{
    public static void Run(Sequential<float> model, Data.Dataset<float> data)
    {
        var shard = data.Subset([.. Enumerable.Range(0, 64)]);
        var loss = new CategoricalCrossEntropy<float>(fromLogits: true);
        var optimizer = new Sgd<float>(0.01, momentum: 0.9);
        model.Fit(shard, loss, optimizer, new FitOptions<float> { Epochs = 20, BatchSize = 64 }); // builds, warms the JIT
        var reducer = new GradientReducer<float>(new Nothing(), model.Parameters);
        double packUs = Median(() => reducer.Reduce(64, 128, 1, 0), 200);
        double stepUs = Median(
            () =>
            {
                loss.Forward(model.Forward(shard.Features, training: true), shard.Targets);
                model.BackwardParametersOnly(loss.Backward());
                optimizer.Step(model.Parameters);
            },
            50);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT gradient_scale_us={packUs:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT shard64_step_us={stepUs:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT scale_share_of_step={packUs / (stepUs + packUs):F4}"));
    }

    private static double Median(Action action, int repeats)
    {
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(times);
        return times[repeats / 2];
    }

    /// <summary>A one-rank collective that moves nothing, so only packing is timed.</summary>
    private sealed class Nothing : ICollective
    {
        public int Rank => 0;

        public int Size => 1;

        public void AllReduceSum(Span<float> values)
        {
        }

        public void AllReduceSum(Span<double> values)
        {
        }

        public void Broadcast(Span<byte> data)
        {
        }

        public void Abort(Exception error)
        {
        }
    }
}
