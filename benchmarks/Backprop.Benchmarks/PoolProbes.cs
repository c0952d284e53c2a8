using System.Diagnostics;
using Backprop.Kernels;
using static Backprop.Benchmarks.Workloads;

namespace Backprop.Benchmarks;

/// <summary>
/// Probes of the machine and of the kernel pool (<c>workload pool</c>): how far apart the two cores are (a cache line's
/// one-way latency) and what one <see cref="Threading.For"/> round trip costs, worker pickup included.
/// </summary>
internal static class PoolProbes
{
    /// <summary>
    /// One-way latency of a cache line between the two cores, in ns (median over 200k round trips of a ping-pong on one
    /// int): ~20–40 ns within one core complex, ~100+ ns across complexes or sockets — the cost every line one core
    /// wrote and the other then reads pays.
    /// </summary>
    public static void CoreToCoreLatency()
    {
        // One-way latency = half a round trip; the best of 400 batches of 500 round trips, so that batches in which
        // either thread was descheduled (a shared host) do not count.
        var box = new int[32];
        const int batches = 400, perBatch = 500;
        var other = new Thread(() =>
        {
            for (int r = 0; r < batches * perBatch; r++)
            {
                while (Volatile.Read(ref box[16]) != (2 * r) + 1)
                {
                }

                Volatile.Write(ref box[16], (2 * r) + 2);
            }
        });
        other.Start();
        double best = double.MaxValue;
        var all = new List<double>();
        for (int batch = 0; batch < batches; batch++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < perBatch; i++)
            {
                int r = (batch * perBatch) + i;
                Volatile.Write(ref box[16], (2 * r) + 1);
                while (Volatile.Read(ref box[16]) != (2 * r) + 2)
                {
                }
            }

            double ns = (Stopwatch.GetTimestamp() - t0) * 1e9 / Stopwatch.Frequency / perBatch / 2;
            best = Math.Min(best, ns);
            all.Add(ns);
        }

        other.Join();
        all.Sort();
        Result("core_to_core_one_way_ns_best", best);
        Result("core_to_core_one_way_ns_median", all[all.Count / 2]);
    }

    /// <summary>
    /// What one <see cref="Threading.For"/> costs on <paramref name="threads"/> threads: for blocks of 0, 20 and 100 µs of
    /// spinning (2 blocks per thread), the round trip's median time over the ideal (blocks ÷ threads × block time), and
    /// how late a worker starts its first block after the call began (median and 90th percentile) — after the caller
    /// spent 0, 50 µs or 1 ms on serial work since the previous call (workers still spinning, or already parked).
    /// </summary>
    public static void PoolRoundTrip(int threads)
    {
        BackpropSettings.MaxThreads = threads;
        foreach (int blockMicroseconds in new[] { 0, 20, 100 })
        {
            foreach (int gapMicroseconds in new[] { 0, 50, 1000 })
            {
                var job = new SpinJob(Stopwatch.Frequency * blockMicroseconds / 1_000_000);
                long gap = Stopwatch.Frequency * gapMicroseconds / 1_000_000;
                var rounds = new List<double>();
                var pickups = new List<double>();
                int reps = blockMicroseconds == 100 || gapMicroseconds == 1000 ? 400 : 3000;
                for (int rep = 0; rep < reps; rep++)
                {
                    SpinJob.SpinUntil(Stopwatch.GetTimestamp() + gap);
                    long t0 = Stopwatch.GetTimestamp();
                    job.Start(t0);
                    Threading.For(2 * threads, job);
                    long t1 = Stopwatch.GetTimestamp();
                    if (rep >= reps / 10)
                    {
                        rounds.Add((t1 - t0) * 1e6 / Stopwatch.Frequency);
                        pickups.Add(job.WorkerStart == long.MaxValue ? double.PositiveInfinity : (job.WorkerStart - t0) * 1e6 / Stopwatch.Frequency);
                    }
                }

                rounds.Sort();
                pickups.Sort();
                string key = $"block{blockMicroseconds}us_gap{gapMicroseconds}us_t{threads}";
                Result($"pool_round_trip_us_{key}", rounds[rounds.Count / 2]);
                Result($"pool_ideal_us_{key}", 2.0 * blockMicroseconds);
                Result($"pool_worker_pickup_us_p50_{key}", pickups[pickups.Count / 2]);
                Result($"pool_worker_pickup_us_p90_{key}", pickups[pickups.Count * 9 / 10]);
            }
        }
    }

    private sealed class SpinJob(long ticks) : IBlockJob
    {
        private readonly int _caller = Environment.CurrentManagedThreadId;
        private long _workerStart;

        /// <summary>Timestamp at which a worker (not the caller) began its first block of this round, or long.MaxValue.</summary>
        public long WorkerStart => Volatile.Read(ref _workerStart);

        public static void SpinUntil(long timestamp)
        {
            while (Stopwatch.GetTimestamp() < timestamp)
            {
            }
        }

        public void Start(long now) => Volatile.Write(ref _workerStart, long.MaxValue);

        public void RunBlock(int block)
        {
            long now = Stopwatch.GetTimestamp();
            if (Environment.CurrentManagedThreadId != _caller && now < Volatile.Read(ref _workerStart))
            {
                Volatile.Write(ref _workerStart, now);
            }

            SpinUntil(now + ticks);
        }
    }
}
