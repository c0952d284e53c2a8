// Trains an MLP on the embedded UCI digits (8×8 images, 1,797 samples), saves it, and prints its test accuracy.
// Run: dotnet run -c Release --project samples/Digits               (trains; saves <out>/digits.safetensors)
//      dotnet run -c Release --project samples/Digits -- --load      (loads the saved model; prints the same last line)
// Last line: test_accuracy=0.9xxx (CI requires >= 0.97, and the same line from --load).
using System.Diagnostics;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Plotting;
using Backprop.Samples;

var cli = new SampleCommand("Digits", "an MLP 64-128-64-10 on the embedded UCI digits, saved and reloaded");
var epochs = cli.Positive("--epochs", 60, "Training epochs");
var batchSize = cli.Positive("--batch-size", 32, "Rows per batch");
var seed = cli.Add("--seed", 42, "Seed for the weights and the shuffling (the train/test split always uses 42)");
var load = cli.Flag("--load", "Load the saved model instead of training, and evaluate it on the same test rows");
var modelOption = cli.Add<string?>("--model", null, "The model file to save or load [default: <out>/digits.safetensors]", "file");
return cli.Run(args, (parsed, run) =>
{
    var clock = Stopwatch.StartNew();
    var digits = Datasets.Digits();                                   // embedded, scaled to [0, 1]
    var (train, test) = digits.SplitStratified(testFraction: 0.2, seed: 42);
    string modelPath = Path.GetFullPath(parsed.GetValue(modelOption) ?? run.OutFile("digits.safetensors"));

    if (parsed.GetValue(load))
    {
        var saved = Sequential<float>.Load(modelPath);                // validated, checksummed; bit-identical predictions
        SampleConsole.Line($"loaded {modelPath}: {saved.ParameterCount} parameters");
        SampleConsole.LastLine(SampleConsole.F($"test_accuracy={saved.Evaluate(test).Accuracy:F4}"));
        return 0;
    }

    var model = new Sequential<float>(
        new Dense<float>(128, Activation.ReLU),
        new Dense<float>(64, Activation.ReLU),
        new Dense<float>(10));                                         // logits; input size inferred

    SampleConsole.Line($"train rows {train.Count}, test rows {test.Count}; val_ values are the test rows, monitored only (nothing is tuned on them)");
    var fitClock = Stopwatch.StartNew();
    var loss = new CategoricalCrossEntropy<float>(fromLogits: true);
    var history = TrainingDisplay.Fit("digits", progress => model.Fit(
        train,
        loss,
        new Adam<float>(learningRate: 0.001),
        epochs: parsed.GetValue(epochs),
        batchSize: parsed.GetValue(batchSize),
        validationData: test,
        seed: parsed.GetValue(seed),
        callbacks: [progress]));
    var trainingTime = fitClock.Elapsed;

    var result = model.Evaluate(test, loss);
    model.Save(modelPath);                                            // atomic: temp file, flush, rename
    SampleConsole.Wrote(modelPath);
    SampleConsole.Wrote(history.SavePlot(run.OutFile("digits-curves.png"), new() { Title = "digits MLP" }));
    SampleConsole.Table("digits MLP 64-128-64-10", ["", "value"],
    [
        ["train / test rows", $"{train.Count} / {test.Count}"],
        ["epochs (stop)", $"{history.Epochs.Count} ({history.StopReason})"],
        ["training time", SampleConsole.F($"{trainingTime.TotalSeconds:F2} s (total {clock.Elapsed.TotalSeconds:F2} s)")],
        ["test loss", SampleConsole.F($"{result.Loss:F4}")],
        ["test accuracy", SampleConsole.F($"{result.Accuracy:F4}")],
    ]);
    SampleConsole.LastLine(SampleConsole.F($"test_accuracy={result.Accuracy:F4}"));
    return 0;
});
