using System.Diagnostics;
using Backprop.Kernels;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Data;
using static Backprop.Benchmarks.Workloads;

namespace Backprop.Benchmarks;

/// <summary>
/// The diagnostic workloads: where a training step's time goes (<c>profile-mnist</c>, <c>profile-digits</c>), per step
/// product (<c>profile-gemm</c>) and in the optimizer (<c>profile-optimizer</c>).
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
    /// The products of one MLP-MNIST training step (batch 128), in step order, each timed alone in a loop of whole
    /// steps: median µs of its packing phase and of its tile phase at each thread count, how many blocks each phase
    /// has, and which share of them a worker ran. Shows where a second thread is lost: too few blocks, a phase too short
    /// for the worker to join, or blocks that run slower on two cores at once.
    /// </summary>
    public static unsafe void ProfileGemm(int[] threadCounts)
    {
        (string Name, bool TransA, bool TransB, int M, int N, int K, bool Accumulate)[] shapes =
        [
            ("fwd1_NN_128x512x784", false, false, 128, 512, 784, false),
            ("fwd2_NN_128x256x512", false, false, 128, 256, 512, false),
            ("dW2_TN_512x256x128", true, false, 512, 256, 128, true),
            ("dX2_NT_128x512x256", false, true, 128, 512, 256, false),
            ("dW1_TN_784x512x128", true, false, 784, 512, 128, true),
        ];
        var rng = new Random(5);
        var buffers = shapes.Select(s => (A: Fill(s.M * s.K, rng), B: Fill(s.K * s.N, rng), C: Fill(s.M * s.N, rng))).ToArray();
        var isa = Gemm.DetectedIsa;
        foreach (int t in threadCounts)
        {
            BackpropSettings.MaxThreads = t;
            var pack = shapes.Select(_ => new List<double>()).ToArray();
            var tiles = shapes.Select(_ => new List<double>()).ToArray();
            var counting = new CountingJob();
            for (int step = 0; step < 400; step++)
            {
                for (int s = 0; s < shapes.Length; s++)
                {
                    var (_, transA, transB, m, n, k, accumulate) = shapes[s];
                    fixed (float* pa = buffers[s].A)
                    fixed (float* pb = buffers[s].B)
                    fixed (float* pc = buffers[s].C)
                    {
                        var job = GemmJob<float>.ForCurrentThread;
                        job.Prepare(isa, Gemm.NR<float>(isa), transA, transB, pa, pb, pc, m, n, k, accumulate, null, false, t);
                        counting.Inner = job;
                        long t0 = Stopwatch.GetTimestamp();
                        job.Packing = true;
                        Threading.For(job.PackBlocks, counting);
                        long t1 = Stopwatch.GetTimestamp();
                        job.Packing = false;
                        Threading.For(job.TileCount, counting);
                        long t2 = Stopwatch.GetTimestamp();
                        job.Release();
                        if (step >= 100)
                        {
                            pack[s].Add((t1 - t0) * 1e6 / Stopwatch.Frequency);
                            tiles[s].Add((t2 - t1) * 1e6 / Stopwatch.Frequency);
                        }

                        if (step == 399)
                        {
                            Result($"gemm_{shapes[s].Name}_pack_blocks", job.PackBlocks);
                            Result($"gemm_{shapes[s].Name}_tiles", job.TileCount);
                        }
                    }
                }
            }

            for (int s = 0; s < shapes.Length; s++)
            {
                pack[s].Sort();
                tiles[s].Sort();
                double packUs = pack[s][pack[s].Count / 2];
                double tileUs = tiles[s][tiles[s].Count / 2];
                var (name, _, _, m, n, k, _) = shapes[s];
                Result($"gemm_{name}_pack_us_t{t}", packUs);
                Result($"gemm_{name}_tile_us_t{t}", tileUs);
                Result($"gemm_{name}_gflops_t{t}", 2.0 * m * n * k / (packUs + tileUs) / 1e3);
            }

            Result($"gemm_step_worker_block_share_t{t}", counting.WorkerShare);
        }
    }

    private static float[] Fill(int length, Random rng)
    {
        var array = new float[length];
        for (int i = 0; i < length; i++)
        {
            array[i] = rng.NextSingle();
        }

        return array;
    }

    private sealed class CountingJob : IBlockJob
    {
        private readonly int _caller = Environment.CurrentManagedThreadId;
        private long _worker;
        private long _all;

        public GemmJob<float>? Inner { get; set; }

        public double WorkerShare => (double)Interlocked.Read(ref _worker) / Math.Max(1, Interlocked.Read(ref _all));

        public void RunBlock(int block)
        {
            Interlocked.Increment(ref _all);
            if (Environment.CurrentManagedThreadId != _caller)
            {
                Interlocked.Increment(ref _worker);
            }

            Inner!.RunBlock(block);
        }
    }

    /// <summary>
    /// An SGD-momentum pass over MLP-MNIST's two large weight matrices (535K floats: weights, gradients and momentum,
    /// 6.4 MB), µs per pass: on one thread; on two with 16K-element chunks claimed one at a time (which chunk lands on
    /// which core changes from pass to pass); on two with each thread keeping the same half every pass.
    /// </summary>
    public static void ProfileOptimizer(int threads)
    {
        const int length = (784 * 512) + (512 * 256);
        var w = new float[length];
        var g = new float[length];
        var v = new float[length];
        new Random(3).NextBytes(new byte[1]);
        foreach (var (name, t, blocks) in new[] { ("t1", 1, 33), ($"chunks_t{threads}", threads, 33), ($"halves_t{threads}", threads, threads) })
        {
            BackpropSettings.MaxThreads = t;
            var job = new SgdJob(w, g, v, blocks);
            var times = new List<double>();
            for (int rep = 0; rep < 2000; rep++)
            {
                long t0 = Stopwatch.GetTimestamp();
                Threading.For(blocks, job);
                long t1 = Stopwatch.GetTimestamp();
                if (rep >= 200)
                {
                    times.Add((t1 - t0) * 1e6 / Stopwatch.Frequency);
                }
            }

            times.Sort();
            Result($"optimizer_pass_us_{name}", times[times.Count / 2]);
        }
    }

    private sealed class SgdJob(float[] w, float[] g, float[] v, int blocks) : IBlockJob
    {
        public void RunBlock(int block)
        {
            int per = (w.Length + blocks - 1) / blocks;
            int start = block * per;
            int length = Math.Min(per, w.Length - start);
            Elementwise.SgdMomentum<float>(w.AsSpan(start, length), g.AsSpan(start, length), v.AsSpan(start, length), 1e-6f, 0.9f, false);
        }
    }

}

