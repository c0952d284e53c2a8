using System.Diagnostics;
using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Onnx;
using Backprop.Optimizers;
using Backprop.Samples;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>
/// The exported MNIST MLP (784-512-256-10, the benchmark's MLP-MNIST) in ONNX Runtime beside Backprop's Predict:
/// rows per second at batch 1,000 and batch 1, same process, same run, interleaved rounds (best of each).
/// </summary>
internal static class SpeedComparison
{
    public static int Run(int rounds, SampleContext run)
    {
        var test = Mnist.LoadTest<float>(SamplePaths.Mnist());
        var (train, holdout) = test.Split(testFraction: 0.5, seed: 1);
        var model = new Sequential<float>(new Dense<float>(512, Activation.ReLU), new Dense<float>(256, Activation.ReLU), new Dense<float>(10));
        SampleConsole.Line($"MNIST MLP 784-512-256-10 trained one epoch on {train.Count:N0} test images, timed on the other {holdout.Count:N0}");
        TrainingDisplay.Fit("mnist", progress => model.Fit(
            train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001), epochs: 1, batchSize: 128, seed: 7, callbacks: [progress]));
        string path = run.OutFile("mnist-mlp.onnx");
        model.ExportOnnx(path);
        SampleConsole.Wrote(path);

        // ONNX Runtime's defaults: all graph optimizations, intra-op threads = physical cores.
        using var session = new InferenceSession(path);
        SampleConsole.Line($"ONNX Runtime {OrtEnv.Instance().GetVersionString()} (default session options), Backprop threads {BackpropSettings.MaxThreads}, {rounds} interleaved rounds, best of each");

        var x1000 = holdout.Subset([.. Enumerable.Range(0, 1000)]).Features;
        var x1 = holdout.Subset([0]).Features;
        double diff = MaxAbsDiff(model.Predict(x1000), RunOrt(session, x1000));

        var best = new Dictionary<string, double>();
        var output1000 = new Tensor2D<float>(1000, 10);
        var output1 = new float[10];
        float[] row = x1.Span.ToArray();
        // ONNX Runtime's fastest managed path: input and output OrtValues over arrays allocated once.
        using var bound1000 = new BoundRun(session, x1000);
        using var bound1 = new BoundRun(session, x1);
        for (int round = 0; round < rounds; round++)
        {
            double b1000 = Record(best, "backprop_b1000", RowsPerSecond(1000, 20, () => model.Predict(x1000, output1000, batchSize: 1000)));
            double o1000 = Record(best, "ort_b1000", RowsPerSecond(1000, 20, bound1000.Run));
            double b1 = Record(best, "backprop_b1", RowsPerSecond(1, 2000, () => model.Predict(row, output1)));
            double o1 = Record(best, "ort_b1", RowsPerSecond(1, 2000, bound1.Run));
            SampleConsole.Line(SampleConsole.F($"round {round + 1}/{rounds}: rows/s batch 1,000 Predict {b1000:F0}, ORT {o1000:F0}; batch 1 Predict {b1:F0}, ORT {o1:F0}"));
        }

        double ratio1000 = best["ort_b1000"] / best["backprop_b1000"];
        double ratio1 = best["ort_b1"] / best["backprop_b1"];
        SampleConsole.Line(SampleConsole.F($"max |Predict - ONNX Runtime| at batch 1,000: {diff:G3}"));
        SampleConsole.Table($"MNIST MLP rows/s, best of {rounds} rounds",
            ["batch", "Backprop Predict", "ONNX Runtime", "ORT / Backprop"],
        [
            ["1,000", SampleConsole.F($"{best["backprop_b1000"]:N0}"), SampleConsole.F($"{best["ort_b1000"]:N0}"), SampleConsole.F($"{ratio1000:F2}")],
            ["1", SampleConsole.F($"{best["backprop_b1"]:N0}"), SampleConsole.F($"{best["ort_b1"]:N0}"), SampleConsole.F($"{ratio1:F2}")],
        ]);
        SampleConsole.LastLine(SampleConsole.F($"ort_over_backprop_b1000={ratio1000:F2} ort_over_backprop_b1={ratio1:F2} max_abs_diff_batch1000={diff:G3}"));
        return 0;
    }

    /// <summary>Keeps the best value of <paramref name="name"/>; returns this round's.</summary>
    private static double Record(Dictionary<string, double> best, string name, double value)
    {
        best[name] = Math.Max(best.GetValueOrDefault(name), value);
        return value;
    }

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
}
