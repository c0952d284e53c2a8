using System.Diagnostics;
using System.Globalization;
using Backprop.Models;

namespace Backprop.Benchmarks;

/// <summary>
/// The serving half of <c>workload inference</c>: one trained MLP-MNIST model (784→512 ReLU→256 ReLU→10) shared by
/// 1, 2 and 8 calling threads, each calling <c>Predict</c> in a loop for a fixed time — single rows through
/// <c>Predict(ReadOnlySpan, Span)</c> and batches of 64 through <c>Predict(features, output)</c>. Reports the latency of
/// one call (p50, p99 over every call of every thread), rows per second (all threads together, wall clock) and the
/// bytes the calling threads allocated per call.
/// </summary>
internal static class ServingWorkload
{
    private const int Features = 784;
    private const int Outputs = 10;

    public static void Run(Sequential<float> model, Tensor2D<float> data, int[] callerCounts, double seconds)
    {
        Result("serving_kernel_threads", BackpropSettings.MaxThreads);
        foreach (int rows in new[] { 1, 64 })
        {
            foreach (int callers in callerCounts)
            {
                var (latencies, calls, elapsed, allocated) = Measure(model, data, rows, callers, seconds);
                string name = rows == 1 ? "row" : $"batch{rows}";
                Result($"serving_{name}_latency_p50_us_c{callers}", Percentile(latencies, 0.50));
                Result($"serving_{name}_latency_p99_us_c{callers}", Percentile(latencies, 0.99));
                Result($"serving_{name}_rows_per_second_c{callers}", calls * rows / elapsed);
                Result($"serving_{name}_allocated_bytes_per_call_c{callers}", allocated / (double)calls);
            }
        }
    }

    private static (double[] LatenciesUs, long Calls, double Seconds, long Allocated) Measure(
        Sequential<float> model, Tensor2D<float> data, int rows, int callers, double seconds)
    {
        var perThread = new long[callers][];
        var counts = new long[callers];
        var allocated = new long[callers];
        long deadline = 0;
        long began = 0;
        using var start = new Barrier(callers + 1, _ =>
        {
            began = Stopwatch.GetTimestamp();
            deadline = began + (long)(seconds * Stopwatch.Frequency);
        });
        var threads = new Thread[callers];
        for (int t = 0; t < callers; t++)
        {
            int id = t;
            threads[t] = new Thread(() =>
            {
                var ticks = new long[1_000_000];
                var input = new Tensor2D<float>(rows, Features);
                var output = new Tensor2D<float>(rows, Outputs);
                var row = new float[Outputs];
                int dataRows = data.Rows;
                int next = (id * 997) % (dataRows - rows);
                long n = 0;

                // Warm-up on this same thread: the JIT tiers up, and this thread's GEMM packing buffers and the model's
                // pooled workspaces grow to size (a server's thread-pool threads are long-lived too).
                long warm = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2);
                while (Stopwatch.GetTimestamp() < warm)
                {
                    Call(model, data, rows, next, input, output, row);
                }

                start.SignalAndWait();
                long end = Volatile.Read(ref deadline);
                long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                while (true)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    if (t0 >= end)
                    {
                        break;
                    }

                    Call(model, data, rows, next, input, output, row);
                    long t1 = Stopwatch.GetTimestamp();
                    if (n < ticks.Length)
                    {
                        ticks[n] = t1 - t0;
                    }

                    n++;
                    next += rows;
                    if (next > dataRows - rows)
                    {
                        next = 0;
                    }
                }

                allocated[id] = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                perThread[id] = ticks[..(int)Math.Min(n, ticks.Length)];
                counts[id] = n;
            })
            { IsBackground = true, Name = $"caller {t}" };
            threads[t].Start();
        }

        start.SignalAndWait();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        double elapsed = (Stopwatch.GetTimestamp() - began) / (double)Stopwatch.Frequency;

        var latencies = perThread.SelectMany(a => a).Select(t => t * 1e6 / Stopwatch.Frequency).ToArray();
        Array.Sort(latencies);
        return (latencies, counts.Sum(), elapsed, allocated.Sum());
    }

    private static void Call(Sequential<float> model, Tensor2D<float> data, int rows, int next, Tensor2D<float> input, Tensor2D<float> output, float[] row)
    {
        if (rows == 1)
        {
            model.Predict(data.Row(next), row);
        }
        else
        {
            data.Span.Slice(next * Features, rows * Features).CopyTo(input.Span);
            model.Predict(input, output, batchSize: rows);
        }
    }

    private static double Percentile(double[] sorted, double p)
        => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(p * sorted.Length))];

    private static void Result(string name, double value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name}={value:G6}"));
}
