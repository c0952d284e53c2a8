// A user's app that references the Backprop *package* (never the project): CI packs the repository into
// artifacts/feed, then builds and runs this. The two code blocks of src/Backprop/PACKAGE.md come first, verbatim
// (a test in Backprop.PublicApi.Tests keeps them equal); the checks after them decide the last line.
using Backprop.Activations; using Backprop.Data; using Backprop.Layers;
using Backprop.Losses; using Backprop.Models; using Backprop.Optimizers;

var (train, test) = Datasets.Digits().SplitStratified(testFraction: 0.2, seed: 42);
var model = new Sequential<float>(
    new Dense<float>(128, Activation.ReLU),
    new Dense<float>(10));                                   // logits; input size inferred at first use
var history = model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001),
    epochs: 60, batchSize: 32, validationSplit: 0.1, seed: 42);
Console.WriteLine($"test accuracy {model.Evaluate(test).Accuracy:P2}");

float[,] x = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
float[,] y = { { 0 }, { 1 }, { 1 }, { 0 } };
var xor = new Sequential<float>(new Dense<float>(8, Activation.Tanh), new Dense<float>(1, Activation.Sigmoid));
xor.Fit(x, y, new BinaryCrossEntropy<float>(), new Adam<float>(0.05), new() { Epochs = 500, BatchSize = 4, Seed = 1 });
var path = Path.Combine(Path.GetTempPath(), "xor.safetensors");
xor.Save(path);                                              // atomic write; the file carries the architecture
var loaded = Sequential<float>.Load(path);                   // validated and checksummed before it is trusted
float[,] predictions = loaded.Predict(x);                    // bit-identical to xor.Predict(x)

// ---- end of PACKAGE.md's code; the checks below are the consumer test. ----
var failures = new List<string>();
double accuracy = model.Evaluate(test).Accuracy;
if (!(accuracy >= 0.95))
{
    failures.Add($"the quickstart's test accuracy is {accuracy:F4}, expected >= 0.95");
}

float[,] trained = xor.Predict(x);
for (int i = 0; i < 4; i++)
{
    if (BitConverter.SingleToInt32Bits(predictions[i, 0]) != BitConverter.SingleToInt32Bits(trained[i, 0]))
    {
        failures.Add($"row {i}: the loaded model predicts {predictions[i, 0]:R}, the trained one {trained[i, 0]:R}");
    }

    if (predictions[i, 0] >= 0.5f != (y[i, 0] == 1))
    {
        failures.Add($"row {i}: {x[i, 0]} XOR {x[i, 1]} predicted as {predictions[i, 0]:F3}");
    }
}

File.Delete(path);
string xorBits = string.Join(",", Enumerable.Range(0, 4).Select(i => predictions[i, 0] >= 0.5f ? 1 : 0));
Console.WriteLine($"digits test accuracy {accuracy:F4}; xor {string.Join(" ", Enumerable.Range(0, 4).Select(i => predictions[i, 0].ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
if (failures.Count > 0)
{
    failures.ForEach(f => Console.WriteLine("FAIL: " + f));
    Console.WriteLine($"consumer_failed xor={xorBits}");
    return 1;
}

Console.WriteLine($"consumer_ok xor={xorBits}");
return 0;
