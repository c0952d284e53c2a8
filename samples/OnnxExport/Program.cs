// Trains an MLP on the embedded UCI digits, exports it to ONNX, runs the file in ONNX Runtime and prints both
// accuracies and the largest difference between ONNX Runtime's outputs and Backprop's Predict.
// Run: dotnet run -c Release --project samples/OnnxExport                     (last line: onnx_max_abs_diff=<value>)
//      dotnet run -c Release --project samples/OnnxExport -- --speed 10       (MNIST MLP: ONNX Runtime vs Predict, rows/s)
//      dotnet run -c Release --project samples/OnnxExport -- --op-forms 20    (the measurements behind two operator choices)
using System.CommandLine;
using System.Diagnostics;
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

var cli = new SampleCommand("OnnxExport", "an MLP on the embedded digits, exported to ONNX and run in ONNX Runtime beside Predict");
var epochs = cli.Positive("--epochs", 40, "Training epochs");
var batchSize = cli.Positive("--batch-size", 32, "Rows per batch");
var seed = cli.Add("--seed", 42, "Seed for the weights, dropout and the shuffling (the train/test split always uses 42)");
var speed = Rounds("--speed", 5, "Instead: the exported MNIST MLP in ONNX Runtime beside Predict, rows/s over this many rounds");
var opForms = Rounds("--op-forms", 10, "Instead: time the operator forms behind two export choices over this many rounds");
cli.Root.Validators.Add(result =>
{
    if (result.GetResult(speed) is not null && result.GetResult(opForms) is not null)
    {
        result.AddError("--speed and --op-forms are separate measurements: give one of them.");
    }
});
return cli.Run(args, (parsed, run) =>
{
    if (parsed.GetValue(speed) is int speedRounds)
    {
        return SpeedComparison.Run(speedRounds, run);
    }

    if (parsed.GetValue(opForms) is int formRounds)
    {
        return OpFormComparison.Run(formRounds, run);
    }

    var clock = Stopwatch.StartNew();
    var (train, test) = Datasets.Digits().SplitStratified(testFraction: 0.2, seed: 42);
    var model = new Sequential<float>(
        new Dense<float>(128, Activation.ReLU),
        new Dropout<float>(0.1),
        new Dense<float>(64, Activation.ReLU),
        new Dense<float>(10));                                      // logits
    SampleConsole.Line($"train rows {train.Count}, test rows {test.Count}; ONNX Runtime {OrtEnv.Instance().GetVersionString()}");
    TrainingDisplay.Fit("digits", progress => model.Fit(
        train,
        new CategoricalCrossEntropy<float>(fromLogits: true),
        new Adam<float>(0.001),
        epochs: parsed.GetValue(epochs),
        batchSize: parsed.GetValue(batchSize),
        seed: parsed.GetValue(seed),
        callbacks: [progress]));

    // The export: one line.
    string path = run.OutFile("digits.onnx");
    model.ExportOnnx(path);
    SampleConsole.Wrote(path);

    // ONNX Runtime reads the file on its own: the same rows in, one score row per input row out.
    using var session = new InferenceSession(path);
    int rows = test.Count;
    var input = new DenseTensor<float>(test.Features.Span.ToArray(), [rows, test.FeatureCount]);
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

    SampleConsole.Table("digits MLP: Predict vs ONNX Runtime", ["", "value"],
    [
        ["test rows", $"{rows}"],
        ["ONNX file", SampleConsole.F($"{new FileInfo(path).Length:N0} bytes, opset {OnnxExportOptions.Default.Opset}")],
        ["Backprop test accuracy", SampleConsole.F($"{(double)backpropCorrect / rows:F4}")],
        ["ONNX Runtime test accuracy", SampleConsole.F($"{(double)onnxCorrect / rows:F4}")],
        ["max |Predict - ONNX Runtime|", SampleConsole.F($"{maxDiff:G3}")],
        ["total time", SampleConsole.F($"{clock.Elapsed.TotalSeconds:F1} s")],
    ]);
    SampleConsole.LastLine(SampleConsole.F($"onnx_max_abs_diff={maxDiff:G3}"));
    return 0;
});

// A measurement mode with an optional round count: "--speed" alone uses the default, "--speed 10" ten rounds.
Option<int?> Rounds(string name, int bare, string description)
{
    var option = new Option<int?>(name)
    {
        Description = $"{description} [rounds when given alone: {bare}]",
        HelpName = "rounds",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return bare;
            }

            if (int.TryParse(result.Tokens[0].Value, out int rounds) && rounds >= 1)
            {
                return rounds;
            }

            result.AddError($"{name} takes a round count of at least 1; got '{result.Tokens[0].Value}'.");
            return null;
        },
    };
    cli.Root.Options.Add(option);
    return option;
}

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
