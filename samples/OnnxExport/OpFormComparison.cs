using System.Diagnostics;
using System.Globalization;
using Backprop;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Onnx;
using Backprop.Samples;
using Microsoft.ML.OnnxRuntime;

/// <summary>
/// The measurements behind two operator choices, in ONNX Runtime at batch 1,000 on a 784-512-10 MLP: BatchNormalization
/// as Sub/Mul/Add (the exporter's form) against ONNX's BatchNormalization op (written here through the converter hook),
/// and the float GELU as the Erf formula (opset 17) against opset 20's Gelu op.
/// </summary>
internal static class OpFormComparison
{
    public static int Run(int rounds, SampleContext run)
    {
        SampleConsole.Line($"784-512-10 MLPs at batch 1,000 in ONNX Runtime {OrtEnv.Instance().GetVersionString()} (default session options), best of {rounds} interleaved rounds");
        var x = Random(1000, 784, seed: 1);

        var bnModel = new Sequential<float>(new Dense<float>(512), new BatchNormalization<float>(), new ActivationLayer<float>(Activation.ReLU), new Dense<float>(10));
        bnModel.Build(784, seed: 2);
        var geluModel = new Sequential<float>(new Dense<float>(512, Activation.GELU), new Dense<float>(10));
        geluModel.Build(784, seed: 3);
        var tanhModel = new Sequential<float>(new Dense<float>(512, Activation.GELUTanh), new Dense<float>(10));
        tanhModel.Build(784, seed: 3);
        (string Choice, (string Name, byte[] Onnx) Exporter, (string Name, byte[] Onnx) Other)[] pairs =
        [
            ("batchnorm", ("BatchNorm as Sub/Mul/Add (the exporter's form)", bnModel.ToOnnxBytes()),
                ("BatchNorm as the BatchNormalization op", bnModel.ToOnnxBytes(new OnnxExportOptions { Converters = [new BatchNormAsOp()] }))),
            ("gelu", ("GELU as the Erf formula (opset 17)", geluModel.ToOnnxBytes()),
                ("GELU as the Gelu op (opset 20)", geluModel.ToOnnxBytes(new OnnxExportOptions { Opset = 20 }))),
            ("gelu_tanh", ("GELU-tanh as the formula (opset 17)", tanhModel.ToOnnxBytes()),
                ("GELU-tanh as the Gelu op (opset 20)", tanhModel.ToOnnxBytes(new OnnxExportOptions { Opset = 20 }))),
        ];

        var rows = new List<IReadOnlyList<string>>();
        var csv = new List<string> { "form,rows_per_s" };
        var last = new List<string>();
        foreach (var (choice, exporter, other) in pairs)
        {
            double[] best = Compare(rounds, x, exporter.Onnx, other.Onnx);
            double ratio = best[1] / best[0];
            SampleConsole.Line(SampleConsole.F($"{choice}: {exporter.Name} {best[0]:F0} rows/s, {other.Name} {best[1]:F0} rows/s"));
            rows.Add([exporter.Name, SampleConsole.F($"{best[0]:N0}"), "1.00"]);
            rows.Add([other.Name, SampleConsole.F($"{best[1]:N0}"), SampleConsole.F($"{ratio:F2}")]);
            csv.Add(SampleConsole.F($"\"{exporter.Name}\",{best[0]:F0}"));
            csv.Add(SampleConsole.F($"\"{other.Name}\",{best[1]:F0}"));
            last.Add(SampleConsole.F($"{choice}_op_speedup={ratio:F2}"));
        }

        string path = run.OutFile("op-forms.csv");
        File.WriteAllLines(path, csv);
        SampleConsole.Wrote(path);
        SampleConsole.Table($"rows/s at batch 1,000, best of {rounds} rounds", ["form", "rows/s", "vs the exporter's form"], rows);
        SampleConsole.LastLine(string.Join(' ', last));
        return 0;
    }

    /// <summary>Best rows/s of each model, timed alternately (20 runs of 1,000 rows per round).</summary>
    private static double[] Compare(int rounds, Tensor2D<float> x, params byte[][] models)
    {
        var sessions = models.Select(m => new InferenceSession(m)).ToArray();
        var best = new double[models.Length];
        for (int r = 0; r < rounds; r++)
        {
            for (int m = 0; m < sessions.Length; m++)
            {
                using var bound = new BoundRun(sessions[m], x, 10);
                bound.Run();
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < 20; i++)
                {
                    bound.Run();
                }

                best[m] = Math.Max(best[m], 20 * 1000 / clock.Elapsed.TotalSeconds);
            }
        }

        foreach (var session in sessions)
        {
            session.Dispose();
        }

        return best;
    }

    private static Tensor2D<float> Random(int rows, int columns, int seed)
    {
        var rng = new Random(seed);
        var t = new Tensor2D<float>(rows, columns);
        for (int i = 0; i < t.Length; i++)
        {
            t.Span[i] = (float)rng.NextDouble();
        }

        return t;
    }

    /// <summary>BatchNormalization written as ONNX's op (float only: its epsilon attribute is single precision).</summary>
    private sealed class BatchNormAsOp : OnnxLayerConverter
    {
        public override Type LayerType => typeof(BatchNormalization<>);

        public override string Convert<T>(Layer<T> layer, OnnxGraph graph, string input)
        {
            var bn = (BatchNormalization<T>)layer;
            int f = bn.InputFeatures;
            return graph.AddNode(
                "BatchNormalization",
                [
                    input, graph.AddWeight("gamma", (ReadOnlySpan<T>)bn.Gamma.Value.Span, f), graph.AddWeight("beta", (ReadOnlySpan<T>)bn.Beta.Value.Span, f),
                    graph.AddWeight("mean", (ReadOnlySpan<T>)bn.RunningMean.Value.Span, f), graph.AddWeight("var", (ReadOnlySpan<T>)bn.RunningVariance.Value.Span, f),
                ],
                OnnxAttribute.Float("epsilon", (float)bn.Epsilon));
        }
    }
}
