using System.Diagnostics;
using Backprop.Kernels;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Data;
using static Backprop.Benchmarks.Workloads;

namespace Backprop.Benchmarks;

/// <summary>
/// The diagnostic workloads: where a training step's time goes (<c>profile-mnist</c>, <c>profile-digits</c>) and what one
/// round trip through the kernel pool costs (<c>pool</c>).
/// </summary>
internal static class ProfileWorkloads
{
    /// <summary>
    /// Microseconds spent in each phase of a training step as Fit runs it (gather of shuffled rows, forward, loss, backward
    /// without ∂L/∂input, optimizer), with the first of the given thread counts, and the backward/forward ratio, which
    /// compares builds fairly on a host whose speed drifts between runs.
    /// </summary>
    public static void Profile(Sequential<float> model, Dataset<float> data, int batchSize, int reps, int threads)
    {
        BackpropSettings.MaxThreads = threads;
        var loss = new CategoricalCrossEntropy<float>(fromLogits: true);
        var optimizer = new Sgd<float>(0.01, momentum: 0.9);
        Tensor2D<float>? x = null;
        Tensor2D<float>? y = null;
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        var rng = new Random(7);
        int batches = data.Count / batchSize;
        var phases = new double[5];
        int warm = reps / 3;
        for (int rep = 0; rep < reps; rep++)
        {
            // Batches as Fit draws them: shuffled rows gathered from the whole data set, which keeps the caches honest.
            int batch = rep % batches;
            if (batch == 0)
            {
                rng.Shuffle(order);
            }

            long t0 = Stopwatch.GetTimestamp();
            data.Features.GatherRows(order.AsSpan(batch * batchSize, batchSize), ref x);
            data.Targets.GatherRows(order.AsSpan(batch * batchSize, batchSize), ref y);
            long t1 = Stopwatch.GetTimestamp();
            var logits = model.Forward(x!, training: true);
            long t2 = Stopwatch.GetTimestamp();
            loss.Forward(logits, y!);
            long t3 = Stopwatch.GetTimestamp();
            model.BackwardParametersOnly(loss.Backward());
            long t4 = Stopwatch.GetTimestamp();
            optimizer.Step(model.Parameters);
            long t5 = Stopwatch.GetTimestamp();
            if (rep >= warm)
            {
                phases[0] += t1 - t0;
                phases[1] += t2 - t1;
                phases[2] += t3 - t2;
                phases[3] += t4 - t3;
                phases[4] += t5 - t4;
            }
        }

        string[] names = ["gather", "forward", "loss", "backward", "optimizer"];
        for (int i = 0; i < names.Length; i++)
        {
            Result($"profile_{names[i]}_us", phases[i] / (reps - warm) / Stopwatch.Frequency * 1e6);
        }

        Result("profile_backward_over_forward", phases[3] / phases[1]);
    }

    /// <summary>
    /// Microseconds of one <see cref="Threading.For"/> round trip with blocks that do nothing, on <paramref name="threads"/>
    /// threads: back to back (workers still spinning) and after 50 µs of serial work on the caller (as between two
    /// products of a training step), against the same serial work without the round trip.
    /// </summary>
    public static void PoolRoundTrip(int threads)
    {
        BackpropSettings.MaxThreads = threads;
        var job = new NoOpJob();
        foreach (int gapMicroseconds in new[] { 0, 50, 1000 })
        {
            long gap = Stopwatch.Frequency * gapMicroseconds / 1_000_000;
            var times = new List<double>();
            for (int rep = 0; rep < 3000; rep++)
            {
                long until = Stopwatch.GetTimestamp() + gap;
                while (Stopwatch.GetTimestamp() < until)
                {
                }

                long t0 = Stopwatch.GetTimestamp();
                Threading.For(threads, job);
                long t1 = Stopwatch.GetTimestamp();
                if (rep >= 300)
                {
                    times.Add((t1 - t0) * 1e6 / Stopwatch.Frequency);
                }
            }

            times.Sort();
            Result($"pool_round_trip_us_gap{gapMicroseconds}_p50_t{threads}", times[times.Count / 2]);
            Result($"pool_round_trip_us_gap{gapMicroseconds}_p90_t{threads}", times[times.Count * 9 / 10]);
            Result($"pool_blocks_run_by_workers_gap{gapMicroseconds}_t{threads}", job.TakeWorkerBlocks() / 2700.0);
        }
    }

    private sealed class NoOpJob : IBlockJob
    {
        private readonly int _caller = Environment.CurrentManagedThreadId;
        private int _workerBlocks;

        public void RunBlock(int block)
        {
            if (Environment.CurrentManagedThreadId != _caller)
            {
                Interlocked.Increment(ref _workerBlocks);
            }
        }

        public int TakeWorkerBlocks() => Interlocked.Exchange(ref _workerBlocks, 0);
    }
}
