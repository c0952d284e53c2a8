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
    /// What it costs one core to read data the other core has just written, against data it wrote itself, for buffers the
    /// size of a step's operands (GB/s, best and median of 15 rounds each): the traffic a parallel training step pays
    /// whenever a product's operand, a weight or a gradient was last written on the other core. And how a streaming read
    /// scales when both cores stream their own buffers at once (the memory bandwidth two busy cores share).
    /// </summary>
    public static void CrossCoreBandwidth()
    {
        foreach (int kib in new[] { 256, 1024, 2048, 8192 })
        {
            var buffer = new float[kib * 256];
            var local = new List<double>();
            var remote = new List<double>();
            for (int round = 0; round < 15; round++)
            {
                Fill(buffer, round);
                local.Add(ReadGBps(buffer));
                // The reader spins while the writer writes, so that the writer has to run on the other core.
                int done = 0;
                var writer = new Thread(() =>
                {
                    Fill(buffer, round + 100);
                    Volatile.Write(ref done, 1);
                });
                writer.Start();
                while (Volatile.Read(ref done) == 0)
                {
                }

                writer.Join();
                remote.Add(ReadGBps(buffer));
            }

            local.Sort();
            remote.Sort();
            Result($"read_own_gbps_{kib}k", local[local.Count / 2]);
            Result($"read_other_cores_gbps_{kib}k", remote[remote.Count / 2]);
            Result($"read_other_cores_gbps_best_{kib}k", remote[^1]);
        }

        // Streaming: 32 MiB per thread, alone and with the other core streaming its own 32 MiB at the same time.
        var mine = new float[8 << 20];
        var theirs = new float[8 << 20];
        Fill(mine, 1);
        Fill(theirs, 2);
        var alone = new List<double>();
        for (int r = 0; r < 7; r++)
        {
            alone.Add(ReadGBps(mine));
        }

        var together = new List<double>();
        for (int r = 0; r < 7; r++)
        {
            using var go = new Barrier(2);
            double other = 0;
            var t = new Thread(() =>
            {
                go.SignalAndWait();
                other = ReadGBps(theirs);
            });
            t.Start();
            go.SignalAndWait();
            double me = ReadGBps(mine);
            t.Join();
            together.Add(me + other);
        }

        alone.Sort();
        together.Sort();
        Result("stream_read_gbps_one_core", alone[alone.Count / 2]);
        Result("stream_read_gbps_two_cores_total", together[together.Count / 2]);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Fill(float[] buffer, int seed)
    {
        float v = seed;
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = v;
            v += 1;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double ReadGBps(float[] buffer)
    {
        long t0 = Stopwatch.GetTimestamp();
        // Four independent sums of unchecked 64-byte loads, so that neither the adds' latency nor bounds checks bound the rate.
        var s0 = System.Runtime.Intrinsics.Vector512<float>.Zero;
        var s1 = s0;
        var s2 = s0;
        var s3 = s0;
        ref float start = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(buffer);
        for (nuint i = 0; i + 64 <= (nuint)buffer.Length; i += 64)
        {
            s0 += System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref start, i);
            s1 += System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref start, i + 16);
            s2 += System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref start, i + 32);
            s3 += System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref start, i + 48);
        }

        var sum = s0 + s1 + s2 + s3;

        double seconds = (Stopwatch.GetTimestamp() - t0) / (double)Stopwatch.Frequency;
        if (float.IsNaN(System.Runtime.Intrinsics.Vector512.Sum(sum)))
        {
            Console.WriteLine();
        }

        return buffer.Length * 4.0 / seconds / 1e9;
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
