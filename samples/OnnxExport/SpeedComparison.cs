using System.Diagnostics;
using System.Globalization;
using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Onnx;
using Backprop.Optimizers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// The exported MNIST MLP (784-512-256-10, the benchmark's MLP-MNIST) in ONNX Runtime beside Backprop's Predict:
/// rows per second at batch 1,000 and batch 1, same process, same run, interleaved rounds (best of each).
/// </summary>
internal static class SpeedComparison
{
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        string dir = FindMnist();
        var test = Mnist.LoadTest<float>(dir);
        var (train, holdout) = test.Split(testFraction: 0.5, seed: 1);
        var model = new Sequential<float>(new Dense<float>(512, Activation.ReLU), new Dense<float>(256, Activation.ReLU), new Dense<float>(10));
        model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001), epochs: 1, batchSize: 128, seed: 7);
        byte[] onnx = model.ToOnnxBytes();

        // ONNX Runtime's defaults: all graph optimizations, intra-op threads = physical cores.
        using var session = new InferenceSession(onnx);
        Console.WriteLine(MachineInfo.Describe());
        Console.WriteLine($"ONNX Runtime 1.31.1 (default session options), Backprop threads {BackpropSettings.MaxThreads}");

        var x1000 = holdout.Subset([.. Enumerable.Range(0, 1000)]).Features;
        var x1 = holdout.Subset([0]).Features;
        double diff = MaxAbsDiff(model.Predict(x1000), RunOrt(session, x1000));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"max_abs_diff_batch1000={diff:G3}"));

        var best = new Dictionary<string, double>();
        var output1000 = new Tensor2D<float>(1000, 10);
        var output1 = new float[10];
        float[] row = x1.Span.ToArray();
        // ONNX Runtime's fastest managed path: input and output OrtValues over arrays allocated once.
        using var bound1000 = new BoundRun(session, x1000);
        using var bound1 = new BoundRun(session, x1);
        for (int round = 0; round < rounds; round++)
        {
            Record(best, "backprop_b1000", RowsPerSecond(1000, 20, () => model.Predict(x1000, output1000, batchSize: 1000)));
            Record(best, "ort_b1000", RowsPerSecond(1000, 20, bound1000.Run));
            Record(best, "backprop_b1", RowsPerSecond(1, 2000, () => model.Predict(row, output1)));
            Record(best, "ort_b1", RowsPerSecond(1, 2000, bound1.Run));
        }

        foreach (var (name, value) in best)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_rows_per_s={value:F0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ort_over_backprop_b1000={best["ort_b1000"] / best["backprop_b1000"]:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ort_over_backprop_b1={best["ort_b1"] / best["backprop_b1"]:F2}"));
    }

    private static void Record(Dictionary<string, double> best, string name, double value)
        => best[name] = Math.Max(best.GetValueOrDefault(name), value);

    private static double RowsPerSecond(int rowsPerCall, int calls, Action call)
    {
        for (int i = 0; i < Math.Max(2, calls / 10); i++)
        {
            call();
        }

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++)
        {
            call();
        }

        return rowsPerCall * (double)calls / clock.Elapsed.TotalSeconds;
    }

    private static float[] RunOrt(InferenceSession session, Tensor2D<float> x)
    {
        var input = new DenseTensor<float>(x.Span.ToArray(), [x.Rows, x.Columns]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        return results[0].AsEnumerable<float>().ToArray();
    }

    private static double MaxAbsDiff(Tensor2D<float> expected, float[] actual)
    {
        double max = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expected.Span[i] - actual[i]));
        }

        return max;
    }

    private static string FindMnist()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "samples", "data", "mnist");
                if (File.Exists(Path.Combine(candidate, Mnist.TestImagesFile)))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("samples/data/mnist not found above the current folder or the program.");
    }
}
