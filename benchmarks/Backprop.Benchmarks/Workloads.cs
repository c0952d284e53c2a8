using System.Diagnostics;
using System.Globalization;
using Backprop.Activations;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Kernels;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.Benchmarks;

/// <summary>
/// The end-to-end workloads of issue 3, printed as <c>RESULT name=value</c> lines (invariant culture).
/// MLP-MNIST: 60,000 × 784 synthetic inputs in [0, 1], 10 classes, 784→512 ReLU→256 ReLU→10, softmax-CE from logits,
/// batch 128, shuffled, SGD momentum 0.9 lr 0.01; one warm-up epoch, median of the timed epochs.
/// Digits: 1,797 × 64, 64→32 ReLU→10, batch 32 (57 steps); 1,000 warm-up epochs (about two seconds: the JIT needs that
/// long to finish tiering up code this short-running), then the median of ≥ 20 epochs; the median of epochs 2–26 of the
/// same run is reported too, as <c>epoch_ms_cold</c>, which is what a short training run in a fresh process sees.
/// Inference: the MLP-MNIST model, 10,000 rows through <c>Predict</c> in batches of 1000 at each kernel thread count;
/// then serving (<see cref="ServingWorkload"/>): single rows and batches of 64 from 1, 2 and 8 calling threads at once.
/// </summary>
internal static class Workloads
{
    /// <summary>Useful FLOP per MLP-MNIST sample: forward and weight gradients of all layers, input gradients of layers 2 and 3.</summary>
    private const double MnistFlopPerSample = (2.0 * 2 * ((784 * 512) + (512 * 256) + (256 * 10))) + (2.0 * ((512 * 256) + (256 * 10)));

    /// <summary>FLOP per row of MLP-MNIST inference (forward only): ≈ 1.07 MFLOP.</summary>
    private const double MnistInferenceFlopPerRow = 2.0 * ((784 * 512) + (512 * 256) + (256 * 10));

    /// <summary>Median of epochs 2–26 of the last <see cref="TimeFit"/> (JIT not yet tiered up in a fresh process).</summary>
    private static double _lastColdMedian;

    /// <summary>The first epoch of the last <see cref="TimeFit"/> (in a fresh process: JIT included).</summary>
    private static double _lastFirstEpoch;

    /// <summary>Methods the JIT compiled during the first epoch of the last <see cref="TimeFit"/>.</summary>
    private static long _lastFirstJitMethods;

    /// <summary>Milliseconds the JIT spent compiling during the first epoch of the last <see cref="TimeFit"/>.</summary>
    private static double _lastFirstJitMs;

    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: workload <mlp-mnist|digits|inference|gemm|profile-mnist|profile-digits|digits-calls|profile-gemm|gradient-pack|profile-optimizer|pool|data-parallel> [--threads 1,2] [--epochs N] [--callers 1,2,8] [--seconds S] [--batch N (mlp-mnist, default 128)]");
            return 2;
        }

        string name = args[0];
        int[] threads = [1, 2];
        int epochs = 0;
        int[] callers = [1, 2, 8];
        double seconds = 3;
        int batch = 128;
        for (int i = 1; i < args.Length - 1; i++)
        {
            if (args[i] == "--threads")
            {
                threads = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            }
            else if (args[i] == "--callers")
            {
                callers = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            }
            else if (args[i] == "--seconds")
            {
                seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--batch")
            {
                batch = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--epochs")
            {
                epochs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        Result("cpu_model", MachineInfo.CpuModel);
        Result("isa", MachineInfo.Isa);
        Result("machine", MachineInfo.Describe());
        Result("simd_float_lanes", FmaPeak.Lanes);
        switch (name)
        {
            case "mlp-mnist":
                MlpMnist(threads, epochs == 0 ? 3 : epochs, batch);
                break;
            case "digits":
                Digits(threads, epochs == 0 ? 25 : epochs);
                break;
            case "inference":
                Inference(threads, callers, seconds);
                break;
            case "gemm":
                GemmPeak(threads);
                break;
            case "digits-calls":
                DigitsCalls.Run();
                break;
            case "profile-digits":
                ProfileWorkloads.Profile(new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10)), Synthetic(1797, 64, 10, seed: 2), 32, 3000, threads[0]);
                break;
            case "gradient-pack":
                BackpropSettings.MaxThreads = threads[0];
                GradientPackWorkload.Run(MnistModel(), Synthetic(1_000, 784, 10, seed: 1));
                break;
            case "profile-mnist":
                ProfileWorkloads.Profile(MnistModel(), Synthetic(60_000, 784, 10, seed: 1), 128, 600, threads[0]);
                break;
            case "profile-gemm":
                ProfileWorkloads.ProfileGemm(threads);
                break;
            case "profile-optimizer":
                ProfileWorkloads.ProfileOptimizer(threads.Max());
                break;
            case "data-parallel":
                DataParallelWorkload.Run(epochs);
                break;
            case "pool":
                PoolProbes.CoreToCoreLatency();
                PoolProbes.CrossCoreBandwidth();
                PoolProbes.PoolRoundTrip(threads.Max());
                break;
            default:
                Console.Error.WriteLine($"unknown workload '{name}'");
                return 2;
        }

        Result("peak_rss_mib", Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0));
        Result("load_average_1min", File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN);
        return 0;
    }

    internal static void Result(string name, double value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name}={value:G6}"));

    internal static void Result(string name, string value) => Console.WriteLine($"RESULT {name}={value}");

    internal static Dataset<float> Synthetic(int rows, int features, int classes, int seed)
    {
        var rng = new Random(seed);
        var x = new Tensor2D<float>(rows, features);
        var xs = x.Span;
        for (int i = 0; i < xs.Length; i++)
        {
            xs[i] = rng.NextSingle();
        }

        var y = new Tensor2D<float>(rows, 1);
        for (int i = 0; i < rows; i++)
        {
            y[i, 0] = rng.Next(classes);
        }

        return new Dataset<float>(x, y);
    }

    internal static Sequential<float> MnistModel() => new(
        new Dense<float>(512, Activation.ReLU),
        new Dense<float>(256, Activation.ReLU),
        new Dense<float>(10));

    private static void MlpMnist(int[] threadCounts, int timedEpochs, int batch)
    {
        var data = Synthetic(60_000, 784, 10, seed: 1);
        var medians = new Dictionary<int, double>();
        foreach (int t in threadCounts)
        {
            var (median, min, max, allocPerEpoch, cpu, threadCpu) = TimeFit(data, MnistModel(), batch, t, timedEpochs);
            medians[t] = median;
            Result($"epoch_seconds_t{t}", median);
            Result($"epoch_main_thread_cpu_seconds_t{t}", threadCpu);
            Result($"epoch_cpu_seconds_t{t}", cpu);
            Result($"epoch_seconds_min_t{t}", min);
            Result($"epoch_seconds_max_t{t}", max);
            Result($"gflops_t{t}", MnistFlopPerSample * data.Count / median / 1e9);
            Result($"fit_allocated_bytes_per_epoch_t{t}", allocPerEpoch);
            Result($"allocated_bytes_per_step_t{t}", StepAllocation(data, MnistModel(), batch, t));
            double peak = FmaPeak.Measure(t);
            Result($"fma_peak_gflops_t{t}", peak);
            Result($"percent_of_peak_t{t}", 100 * MnistFlopPerSample * data.Count / median / 1e9 / peak);
        }

        if (medians.TryGetValue(1, out double one) && medians.TryGetValue(2, out double two))
        {
            Result("speedup_t2_over_t1", one / two);
        }

        Result("allocated_bytes_per_step", StepAllocation(data, MnistModel(), batch, threadCounts.Max()));
    }

    private static void Digits(int[] threadCounts, int timedEpochs)
    {
        var data = Synthetic(1797, 64, 10, seed: 2);
        foreach (int t in threadCounts)
        {
            var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
            var (median, min, max, allocPerEpoch, cpu, threadCpu) = TimeFit(data, model, 32, t, timedEpochs, warmupEpochs: 1000);
            Result($"epoch_ms_t{t}", median * 1e3);
            Result($"epoch_ms_cold_t{t}", _lastColdMedian * 1e3);

            // The first thread count's first epoch is the first training of this process: what a user's fresh run sees.
            Result($"epoch_ms_first_t{t}", _lastFirstEpoch * 1e3);

            // What the JIT did during that first epoch (0 and 0 under NativeAOT, where nothing is compiled at run time).
            Result($"epoch_first_jit_methods_t{t}", _lastFirstJitMethods);
            Result($"epoch_first_jit_ms_t{t}", _lastFirstJitMs);
            Result($"epoch_main_thread_cpu_ms_t{t}", threadCpu * 1e3);
            Result($"epoch_cpu_ms_t{t}", cpu * 1e3);
            Result($"epoch_ms_min_t{t}", min * 1e3);
            Result($"epoch_ms_max_t{t}", max * 1e3);
            Result($"fit_allocated_bytes_per_epoch_t{t}", allocPerEpoch);
            Result($"allocated_bytes_per_step_t{t}", StepAllocation(data, new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10)), 32, t));
            Result($"explicit_step_us_t{t}", StepMicroseconds(data, new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10)), 32, t));
        }
    }

    private static void Inference(int[] threadCounts, int[] callers, double seconds)
    {
        var data = Synthetic(10_000, 784, 10, seed: 3);
        var model = MnistModel();
        model.Build(784, seed: 1);
        var output = new Tensor2D<float>(10_000, 10);
        foreach (int t in threadCounts)
        {
            BackpropSettings.MaxThreads = t;
            var times = new List<double>();
            for (int rep = 0; rep < 12; rep++)
            {
                var sw = Stopwatch.StartNew();
                model.Predict(data.Features, output, batchSize: 1000);
                sw.Stop();
                if (rep >= 2)
                {
                    times.Add(sw.Elapsed.TotalSeconds);
                }
            }

            times.Sort();
            double rowsPerSecond = data.Count / times[times.Count / 2];
            double peak = FmaPeak.Measure(t);
            Result($"inference_rows_per_second_t{t}", rowsPerSecond);
            Result($"inference_gflops_t{t}", rowsPerSecond * MnistInferenceFlopPerRow / 1e9);
            Result($"fma_peak_gflops_t{t}", peak);
            Result($"inference_percent_of_peak_t{t}", 100 * rowsPerSecond * MnistInferenceFlopPerRow / 1e9 / peak);
            Result($"inference_rows_per_second_min_t{t}", data.Count / times[^1]);
            Result($"inference_rows_per_second_max_t{t}", data.Count / times[0]);
        }

        // Serving: the kernels may use every thread given (a call that finds the pool busy runs on its own thread).
        BackpropSettings.MaxThreads = threadCounts.Max();
        ServingWorkload.Run(model, data.Features, callers, seconds);
    }

    private static void GemmPeak(int[] threadCounts)
    {
        const int n = 512;
        var rng = new Random(4);
        var a = new float[n * n];
        var b = new float[n * n];
        var c = new float[n * n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = rng.NextSingle();
            b[i] = rng.NextSingle();
        }

        foreach (int t in threadCounts)
        {
            BackpropSettings.MaxThreads = t;
            var times = new List<double>();
            for (int rep = 0; rep < 30; rep++)
            {
                var sw = Stopwatch.StartNew();
                Gemm.MultiplyNN<float>(a, b, c, n, n, n, GemmEpilogue<float>.Overwrite);
                sw.Stop();
                if (rep >= 5)
                {
                    times.Add(sw.Elapsed.TotalSeconds);
                }
            }

            times.Sort();
            double flop = 2.0 * n * n * n;
            Result($"gemm512_gflops_t{t}", flop / times[times.Count / 2] / 1e9);
            Result($"gemm512_gflops_best_t{t}", flop / times[0] / 1e9);
            double peak = FmaPeak.Measure(t);
            Result($"fma_peak_gflops_t{t}", peak);
            Result($"gemm512_percent_of_peak_t{t}", 100 * flop / times[times.Count / 2] / 1e9 / peak);

            // The MLP-MNIST layer shapes (batch 128): forward NN, weight-gradient TN, input-gradient NT.
            foreach (var (op, m, nn, k) in new[] { ("NN", 128, 512, 784), ("NN", 128, 256, 512), ("NN", 128, 10, 256), ("TN", 784, 512, 128), ("TN", 512, 256, 128), ("TN", 256, 10, 128), ("NT", 128, 512, 256), ("NT", 128, 256, 10) })
            {
                // Random values, not fresh zeroed arrays: never-written pages all map to the kernel's one zero page,
                // which stays in cache and made these figures look faster than a real product.
                var ta = RandomArray(m * k, rng);
                var tb = RandomArray(k * nn, rng);
                var tc = RandomArray(m * nn, rng);
                var shapeTimes = new List<double>();
                for (int rep = 0; rep < 60; rep++)
                {
                    var sw = Stopwatch.StartNew();
                    switch (op)
                    {
                        case "TN":
                            Gemm.MultiplyTN<float>(ta, tb, tc, m, nn, k, GemmEpilogue<float>.AddToC);
                            break;
                        case "NT":
                            Gemm.MultiplyNT<float>(ta, tb, tc, m, nn, k, GemmEpilogue<float>.Overwrite);
                            break;
                        default:
                            Gemm.MultiplyNN<float>(ta, tb, tc, m, nn, k, GemmEpilogue<float>.Overwrite);
                            break;
                    }

                    sw.Stop();
                    if (rep >= 10)
                    {
                        shapeTimes.Add(sw.Elapsed.TotalSeconds);
                    }
                }

                shapeTimes.Sort();
                Result($"gemm_{op}_{m}x{nn}x{k}_gflops_t{t}", 2.0 * m * nn * k / shapeTimes[shapeTimes.Count / 2] / 1e9);
            }
        }
    }

    private static float[] RandomArray(int length, Random rng)
    {
        var array = new float[length];
        for (int i = 0; i < length; i++)
        {
            array[i] = rng.NextSingle();
        }

        return array;
    }

    /// <summary>Trains with Fit for one warm-up epoch plus <paramref name="timedEpochs"/>; returns median/min/max epoch seconds.</summary>
    private static (double Median, double Min, double Max, double AllocatedPerEpoch, double CpuMedian, double ThreadCpuMedian) TimeFit(
        Dataset<float> data, Sequential<float> model, int batchSize, int threads, int timedEpochs, int warmupEpochs = 1)
    {
        BackpropSettings.MaxThreads = threads;
        var timer = new EpochTimer();
        model.Fit(
            data,
            new CategoricalCrossEntropy<float>(fromLogits: true),
            new Sgd<float>(0.01, momentum: 0.9),
            epochs: warmupEpochs + timedEpochs,
            batchSize: batchSize,
            seed: 1,
            callbacks: [timer]);
        var timed = timer.Seconds.Skip(warmupEpochs).OrderBy(s => s).ToArray();
        var cold = timer.Seconds.Skip(1).Take(25).OrderBy(s => s).ToArray();
        _lastColdMedian = cold[cold.Length / 2];
        _lastFirstEpoch = timer.Seconds[0];
        _lastFirstJitMethods = timer.FirstEpochJitMethods;
        _lastFirstJitMs = timer.FirstEpochJitMs;
        double alloc = timer.Allocated.Skip(warmupEpochs).Average();
        var cpu = timer.CpuSeconds.Skip(warmupEpochs).OrderBy(s => s).ToArray();
        var threadCpu = timer.ThreadCpuSeconds.Skip(warmupEpochs).OrderBy(s => s).ToArray();
        return (timed[timed.Length / 2], timed[0], timed[^1], alloc, cpu[cpu.Length / 2], threadCpu[threadCpu.Length / 2]);
    }

    /// <summary>Bytes allocated per explicit training step (forward, loss, backward, optimizer) after warm-up.</summary>
    private static double StepAllocation(Dataset<float> data, Sequential<float> model, int batchSize, int threads)
    {
        BackpropSettings.MaxThreads = threads;
        var loss = new CategoricalCrossEntropy<float>(fromLogits: true);
        var optimizer = new Sgd<float>(0.01, momentum: 0.9);
        var x = new Tensor2D<float>(batchSize, data.FeatureCount);
        var y = new Tensor2D<float>(batchSize, 1);
        data.Features.Span[..x.Length].CopyTo(x.Span);
        data.Targets.Span[..y.Length].CopyTo(y.Span);
        for (int i = 0; i < 5; i++)
        {
            Step(model, loss, optimizer, x, y);
        }

        const int steps = 20;
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < steps; i++)
        {
            Step(model, loss, optimizer, x, y);
        }

        long after = GC.GetTotalAllocatedBytes(precise: true);
        return (after - before) / (double)steps;
    }

    /// <summary>Median microseconds of one explicit training step (no Fit loop around it).</summary>
    private static double StepMicroseconds(Dataset<float> data, Sequential<float> model, int batchSize, int threads)
    {
        BackpropSettings.MaxThreads = threads;
        var loss = new CategoricalCrossEntropy<float>(fromLogits: true);
        var optimizer = new Sgd<float>(0.01, momentum: 0.9);
        var x = new Tensor2D<float>(batchSize, data.FeatureCount);
        var y = new Tensor2D<float>(batchSize, 1);
        data.Features.Span[..x.Length].CopyTo(x.Span);
        data.Targets.Span[..y.Length].CopyTo(y.Span);
        var times = new List<double>();
        for (int rep = 0; rep < 40; rep++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < 50; i++)
            {
                Step(model, loss, optimizer, x, y);
            }

            times.Add(sw.Elapsed.TotalMicroseconds / 50);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static void Step(Sequential<float> model, Loss<float> loss, Optimizer<float> optimizer, Tensor2D<float> x, Tensor2D<float> y)
    {
        var logits = model.Forward(x, training: true);
        loss.Forward(logits, y);
        model.Backward(loss.Backward());
        optimizer.Step(model.Parameters);
    }

    private sealed class EpochTimer : Callback
    {
        private readonly Stopwatch _clock = new();
        private long _allocated;
        private TimeSpan _cpu;
        private double _threadCpu;

        public List<double> Seconds { get; } = [];

        public List<double> ThreadCpuSeconds { get; } = [];

        public List<double> CpuSeconds { get; } = [];

        public List<double> Allocated { get; } = [];

        public long FirstEpochJitMethods { get; private set; }

        public double FirstEpochJitMs { get; private set; }

        public override void OnEpochBegin(TrainingContext context)
        {
            if (Seconds.Count == 0)
            {
                FirstEpochJitMethods = -System.Runtime.JitInfo.GetCompiledMethodCount();
                FirstEpochJitMs = -System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds;
            }

            _allocated = GC.GetTotalAllocatedBytes(precise: true);
            _cpu = Process.GetCurrentProcess().TotalProcessorTime;
            _threadCpu = ThreadCpuClock.Seconds;
            _clock.Restart();
        }

        public override void OnEpochEnd(TrainingContext context)
        {
            _clock.Stop();
            if (Seconds.Count == 0)
            {
                FirstEpochJitMethods += System.Runtime.JitInfo.GetCompiledMethodCount();
                FirstEpochJitMs += System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds;
            }

            Seconds.Add(_clock.Elapsed.TotalSeconds);
            ThreadCpuSeconds.Add(ThreadCpuClock.Seconds - _threadCpu);
            CpuSeconds.Add((Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalSeconds);
            Allocated.Add(GC.GetTotalAllocatedBytes(precise: true) - _allocated);
        }
    }
}
