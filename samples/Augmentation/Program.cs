// Does augmentation help when data is scarce? Trains the MLP 784-512-256-10 (ReLU, dropout) on a 2,000-image
// stratified subset of the MNIST training set, with and without augmentation, for 3 seeds each, and evaluates
// every model on the full 10,000-image test set. Last line: augmented_minus_plain=+0.0xxx (mean difference).
// Run: dotnet run -c Release --project samples/Augmentation [-- --epochs 60 --threads 2]
using System.Diagnostics;
using System.Globalization;
using Backprop;
using Backprop.Activations;
using Backprop.Augmentation;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Spectre.Console;
using Backprop.Models;
using Backprop.Metrics;

int epochs = Option("--epochs", 60);
BackpropSettings.MaxThreads = Option("--threads", Environment.ProcessorCount);
int[] seeds = [1, 2, 3];
var clock = Stopwatch.StartNew();
string dataDir = FindMnist();
var full = Mnist.LoadTrain<float>(dataDir);
var test = Mnist.LoadTest<float>(dataDir);

// A fixed, class-balanced subset of 2,000 training images (the same for every run).
var (_, subset) = full.SplitStratified(testFraction: 2000.0 / full.Count, seed: 0);
Console.WriteLine($"training subset: {subset.Count} images, test set: {test.Count} images, {epochs} epochs, seeds {string.Join(", ", seeds)}");

double Train(int seed, bool augment)
{
    var model = new Sequential<float>(
        new Dense<float>(512, Activation.ReLU),
        new Dropout<float>(0.2),
        new Dense<float>(256, Activation.ReLU),
        new Dropout<float>(0.2),
        new Dense<float>(10));
    var pipeline = new AugmentationPipeline<float>(SampleShape.Image(28, 28), seed)
        .RandomAffine(maxDegrees: 12, maxShift: 2.5, minScale: 0.85, maxScale: 1.15)
        .ElasticDistortion(magnitude: 1.5, gridSize: 3, probability: 0.5)
        .RandomErasing(probability: 0.25, minArea: 0.02, maxArea: 0.12);
    var sw = Stopwatch.StartNew();
    model.Fit(subset, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001),
        epochs: epochs, batchSize: 64, seed: seed, augmentation: augment ? pipeline : null);
    double accuracy = model.Evaluate(test).Accuracy;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"seed {seed} {(augment ? "augmented" : "plain    ")}: test accuracy {accuracy:F4} ({sw.Elapsed.TotalSeconds:F1} s)"));
    return accuracy;
}

var table = new Table().AddColumns("seed", "plain", "augmented", "difference");
var differences = new List<double>();
var plainAll = new List<double>();
var augmentedAll = new List<double>();
foreach (int seed in seeds)
{
    double plain = Train(seed, augment: false);
    double augmented = Train(seed, augment: true);
    plainAll.Add(plain);
    augmentedAll.Add(augmented);
    differences.Add(augmented - plain);
    table.AddRow(seed.ToString(CultureInfo.InvariantCulture), F(plain), F(augmented), Signed(augmented - plain));
}

table.AddRow("mean", F(plainAll.Average()), F(augmentedAll.Average()), Signed(differences.Average()));
AnsiConsole.Write(table);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total time {clock.Elapsed.TotalSeconds:F1} s"));
Console.WriteLine("augmented_minus_plain=" + Signed(differences.Average()));

int Option(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

static string Signed(double v) => v.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture);

static string FindMnist()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "data", "mnist");
            if (File.Exists(Path.Combine(candidate, Mnist.TrainImagesFile)))
            {
                return candidate;
            }
        }
    }

    throw new DirectoryNotFoundException("data/mnist (samples/data/mnist in the repository) not found above the current folder or the program; run from the repository.");
}
