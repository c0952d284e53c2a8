using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
#region OnnxUsing
using Backprop.Onnx;
#endregion
#region OrtUsings
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
#endregion
using static Backprop.Docs.Tests.LayersSnippets;

namespace Backprop.Docs.Tests;

/// <summary>
/// The README's "Exporting to ONNX" section and docs/onnx.md: a Digits model is exported and the file is run in ONNX
/// Runtime, whose scores must equal <c>Predict</c>'s within the package's float bar (1e-5).
/// </summary>
[Collection(CurrentDirectory.Collection)]
public sealed class OnnxSnippets : InTemporaryDirectory
{
    private const float Tolerance = 1e-5f;
    private static readonly Dataset<float> Digits = Datasets.Digits();
    private static readonly Lazy<Sequential<float>> TrainedModel = new(DigitsModels.Trained);

    public OnnxSnippets()
        : base("docs-onnx-")
    {
    }

    /// <summary>The largest |a − b| over ONNX Runtime's row-major scores and <c>Predict</c>'s output.</summary>
    private static float MaxAbsDiff(float[] scores, Tensor2D<float> predicted)
    {
        scores.Should().HaveCount(predicted.Length);
        var expected = predicted.Span;
        float max = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            max = Math.Max(max, Math.Abs(scores[i] - expected[i]));
        }

        return max;
    }

    [Fact]
    public void The_readme_exports_digits_and_runs_it_in_onnx_runtime()
    {
        var model = TrainedModel.Value;
        float[] features = Digits.Features.Span.ToArray();
        int rows = Digits.Count;

        #region ReadmeOnnxExport
        model.ExportOnnx("digits.onnx");
        #endregion

        #region ReadmeOnnxRuntime
        using var session = new InferenceSession("digits.onnx");
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(features, [rows, 64]))]);
        float[] scores = results[0].AsEnumerable<float>().ToArray();
        #endregion

        MaxAbsDiff(scores, model.Predict(Digits.Features)).Should().BeLessThanOrEqualTo(Tolerance);
    }

    [Fact]
    public void A_model_exports_to_a_file_a_stream_or_bytes()
    {
        var model = TrainedModel.Value;
        using var stream = new MemoryStream();

        #region OnnxExportForms
        model.ExportOnnx("digits.onnx");                                  // atomic, like model.Save
        model.ExportOnnx(stream, new OnnxExportOptions { Opset = 20 });   // or into any stream
        byte[] bytes = model.ToOnnxBytes();                               // or in memory
        #endregion

        File.ReadAllBytes("digits.onnx").Should().Equal(bytes, "the file and the bytes are the same export");
        stream.ToArray().Should().NotEqual(bytes, "the stream holds the opset-20 export");
        var predicted = model.Predict(Digits.Features);
        foreach (var onnx in new[] { bytes, stream.ToArray() })
        {
            using var session = new InferenceSession(onnx);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(Digits.Features.Span.ToArray(), [Digits.Count, 64]))]);
            MaxAbsDiff(results[0].AsEnumerable<float>().ToArray(), predicted).Should().BeLessThanOrEqualTo(Tolerance);
        }
    }

    [Fact]
    public void The_exported_file_runs_in_onnx_runtime_with_the_scores_of_predict()
    {
        var model = TrainedModel.Value;
        model.ExportOnnx("digits.onnx");
        var rows = 7;
        float[] features = Digits.Features.Span[..(rows * 64)].ToArray();

        #region OnnxRuntimeRun
        using var session = new InferenceSession("digits.onnx");
        var input = new DenseTensor<float>(features, [rows, 64]);         // float[rows * 64], row-major, like Tensor2D
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        float[] scores = results[0].AsEnumerable<float>().ToArray();      // [rows, 10], row-major
        #endregion

        MaxAbsDiff(scores, model.Predict(new Tensor2D<float>(rows, 64, features))).Should().BeLessThanOrEqualTo(Tolerance);
    }

    #region OnnxScaleConverter
    sealed class ScaleConverter : OnnxLayerConverter
    {
        public override Type LayerType => typeof(Scale<>);

        public override string Convert<T>(Layer<T> layer, OnnxGraph graph, string input)
        {
            var scale = layer.Parameters[0].Value;                      // [1, features]: one scale per feature
            return graph.AddNode("Mul", [graph.AddWeight(layer.Name + "/scale", scale), input]);   // broadcast over the batch
        }
    }
    #endregion

    [Fact]
    public void A_converter_exports_the_custom_scale_layer()
    {
        var model = new Sequential<float>(new Dense<float>(16, Activation.Tanh), new Scale<float>(), new Dense<float>(10));
        model.Fit(Digits, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 1, seed: 1);
        model.Layers[1].Parameters[0].Value.Span.ToArray().Should().NotEqual(Enumerable.Repeat(1f, 16), "training moved the scales, so the export must carry them");

        #region OnnxExportWithConverter
        model.ExportOnnx("model.onnx", new OnnxExportOptions { Converters = [new ScaleConverter()] });
        #endregion

        using var session = new InferenceSession("model.onnx");
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(Digits.Features.Span.ToArray(), [Digits.Count, 64]))]);
        MaxAbsDiff(results[0].AsEnumerable<float>().ToArray(), model.Predict(Digits.Features)).Should().BeLessThanOrEqualTo(Tolerance);
        model.Invoking(m => m.ToOnnxBytes()).Should().Throw<NotSupportedException>("without the converter the exporter does not know Scale");
    }
}
