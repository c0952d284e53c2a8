using System.Diagnostics;
using System.Globalization;
using Backprop;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Onnx;
using Microsoft.ML.OnnxRuntime;

/// <summary>
/// The measurements behind two operator choices, in ONNX Runtime at batch 1,000 on a 784-512-10 MLP: BatchNormalization
/// as Sub/Mul/Add (the exporter's form) against ONNX's BatchNormalization op (written here through the converter hook),
/// and the float GELU as the Erf formula (opset 17) against opset 20's Gelu op.
/// </summary>
internal static class OpFormComparison
{
    public static void Run(int rounds)
    {
        Console.WriteLine(MachineInfo.Describe());
        var x = Random(1000, 784, seed: 1);

        var bnModel = new Sequential<float>(new Dense<float>(512), new BatchNormalization<float>(), new ActivationLayer<float>(Activation.ReLU), new Dense<float>(10));
        bnModel.Build(784, seed: 2);
        Compare(
            rounds,
            x,
            ("batchnorm_sub_mul_add", bnModel.ToOnnxBytes()),
            ("batchnorm_op", bnModel.ToOnnxBytes(new OnnxExportOptions { Converters = [new BatchNormAsOp()] })));

        var geluModel = new Sequential<float>(new Dense<float>(512, Activation.GELU), new Dense<float>(10));
        geluModel.Build(784, seed: 3);
        Compare(
            rounds,
            x,
            ("gelu_erf_formula_opset17", geluModel.ToOnnxBytes()),
            ("gelu_op_opset20", geluModel.ToOnnxBytes(new OnnxExportOptions { Opset = 20 })));

        var tanhModel = new Sequential<float>(new Dense<float>(512, Activation.GELUTanh), new Dense<float>(10));
        tanhModel.Build(784, seed: 3);
        Compare(
            rounds,
            x,
            ("gelu_tanh_formula_opset17", tanhModel.ToOnnxBytes()),
            ("gelu_tanh_op_opset20", tanhModel.ToOnnxBytes(new OnnxExportOptions { Opset = 20 })));
    }

    private static void Compare(int rounds, Tensor2D<float> x, params (string Name, byte[] Onnx)[] forms)
    {
        var sessions = forms.Select(f => (f.Name, Session: new InferenceSession(f.Onnx))).ToList();
        var best = new Dictionary<string, double>();
        for (int r = 0; r < rounds; r++)
        {
            foreach (var (name, session) in sessions)
            {
                using var bound = new BoundRun(session, x, 10);
                bound.Run();
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < 20; i++)
                {
                    bound.Run();
                }

                best[name] = Math.Max(best.GetValueOrDefault(name), 20 * 1000 / clock.Elapsed.TotalSeconds);
            }
        }

        foreach (var (name, session) in sessions)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_rows_per_s={best[name]:F0}"));
            session.Dispose();
        }
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
