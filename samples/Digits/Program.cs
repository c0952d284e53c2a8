// Trains an MLP on the embedded UCI digits (8×8 images, 1,797 samples), saves it, and prints its test accuracy.
// Run: dotnet run -c Release --project samples/Digits                  (trains; saves artifacts/samples/digits.safetensors)
//      dotnet run -c Release --project samples/Digits -- --load [path]  (loads the saved model; prints the same test_accuracy)
using System.Diagnostics;
using System.Globalization;
using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using Backprop.Models;
using Backprop.Metrics;

var clock = Stopwatch.StartNew();
var digits = Datasets.Digits();                                   // embedded, scaled to [0, 1]
var (train, test) = digits.SplitStratified(testFraction: 0.2, seed: 42);
string modelPath = args.Length > 1 ? args[1] : Path.Combine("artifacts", "samples", "digits.safetensors");

if (args.FirstOrDefault() == "--load")
{
    var saved = Sequential<float>.Load(modelPath);                // validated, checksummed; bit-identical predictions
    Console.WriteLine($"loaded {modelPath}: {saved.ParameterCount} parameters");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test_accuracy={saved.Evaluate(test).Accuracy:F4}"));
    return;
}

var model = new Sequential<float>(
    new Dense<float>(128, Activation.ReLU),
    new Dense<float>(64, Activation.ReLU),
    new Dense<float>(10));                                         // logits; input size inferred

var fitClock = Stopwatch.StartNew();
var history = model.Fit(
    train,
    new CategoricalCrossEntropy<float>(fromLogits: true),
    new Adam<float>(learningRate: 0.001),
    epochs: 60,
    batchSize: 32,
    seed: 42,
    progress: new SynchronousProgress<EpochProgress>(p =>        // in order, on this thread (Progress<T> would post to the thread pool)
    {
        if ((p.Epoch + 1) % 10 == 0)
        {
            Console.WriteLine(p.Logs);
        }
    }));

var trainingTime = fitClock.Elapsed;
var result = model.Evaluate(test);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
model.Save(modelPath);                                            // atomic: temp file, flush, rename
Console.WriteLine($"saved {modelPath}");
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"train rows {train.Count}, test rows {test.Count}, epochs {history.Epochs.Count}, stop: {history.StopReason}, " +
    $"training {trainingTime.TotalSeconds:F2} s, total {clock.Elapsed.TotalSeconds:F2} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test_accuracy={result.Accuracy:F4}"));
