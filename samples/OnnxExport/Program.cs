// Trains an MLP on the embedded UCI digits, exports it to ONNX, runs the file in ONNX Runtime and prints both
// accuracies and the largest difference between ONNX Runtime's outputs and Backprop's Predict.
// Run: dotnet run -c Release --project samples/OnnxExport                (last line: onnx_max_abs_diff=<value>)
//      dotnet run -c Release --project samples/OnnxExport -- --speed     (MNIST MLP: ONNX Runtime vs Predict, rows/s)
//      dotnet run -c Release --project samples/OnnxExport -- --op-forms  (the measurements behind two operator choices)
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

if (args.FirstOrDefault() == "--speed")
{
    SpeedComparison.Run(args.Skip(1).ToArray());
    return;
}

if (args.FirstOrDefault() == "--op-forms")
{
    OpFormComparison.Run(rounds: args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10);
    return;
}

var (train, test) = Datasets.Digits().SplitStratified(testFraction: 0.2, seed: 42);
var model = new Sequential<float>(
    new Dense<float>(128, Activation.ReLU),
    new Dropout<float>(0.1),
    new Dense<float>(64, Activation.ReLU),
    new Dense<float>(10));                                          // logits
model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001), epochs: 40, batchSize: 32, seed: 42);

// The export: one line.
string path = Path.Combine("artifacts", "samples", "digits.onnx");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
model.ExportOnnx(path);
Console.WriteLine($"exported {path} ({new FileInfo(path).Length:N0} bytes)");

// ONNX Runtime reads the file on its own: the same rows in, one score row per input row out.
using var session = new InferenceSession(path);
int rows = test.Count;
int features = test.FeatureCount;
var input = new DenseTensor<float>(test.Features.Span.ToArray(), [rows, features]);
using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
float[] onnxScores = results[0].AsEnumerable<float>().ToArray();

var backpropScores = model.Predict(test.Features);
int[] labels = test.ClassLabels();
double maxDiff = 0;
int backpropCorrect = 0;
int onnxCorrect = 0;
for (int r = 0; r < rows; r++)
{
    var b = backpropScores.Row(r);
    var o = onnxScores.AsSpan(r * 10, 10);
    for (int c = 0; c < 10; c++)
    {
        maxDiff = Math.Max(maxDiff, Math.Abs(b[c] - o[c]));
    }

    backpropCorrect += ArgMax(b) == labels[r] ? 1 : 0;
    onnxCorrect += ArgMax(o) == labels[r] ? 1 : 0;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"backprop_test_accuracy={(double)backpropCorrect / rows:F4}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"onnx_runtime_test_accuracy={(double)onnxCorrect / rows:F4}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"onnx_max_abs_diff={maxDiff:G3}"));

static int ArgMax(ReadOnlySpan<float> v)
{
    int best = 0;
    for (int i = 1; i < v.Length; i++)
    {
        if (v[i] > v[best])
        {
            best = i;
        }
    }

    return best;
}
