// Does augmentation help when data is scarce? Trains the MLP 784-512-256-10 (ReLU, dropout) on a 2,000-image
// stratified subset of the MNIST training set, with and without augmentation, for 3 seeds each, and evaluates
// every model on the full 10,000-image test set. Writes <out>/augmentation-curves-seed1-{plain,augmented}.png.
// Run: dotnet run -c Release --project samples/Augmentation [-- --help]
// Last line: augmented_minus_plain=+0.0xxx (mean test-accuracy difference over the seeds).
using System.Diagnostics;
using System.Globalization;
using Backprop.Activations;
using Backprop.Augmentation;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Plotting;
using Backprop.Samples;

var cli = new SampleCommand("Augmentation", "2,000 MNIST training images, with vs without augmentation, several seeds, tested on 10,000 images");
var epochs = cli.Positive("--epochs", 60, "Training epochs of every run");
var batchSize = cli.Positive("--batch-size", 64, "Rows per batch");
var seedCount = cli.Positive("--seeds", 3, "Runs per mode, with seeds 1..n");
return cli.Run(args, (parsed, run) =>
{
    int[] seeds = Enumerable.Range(1, parsed.GetValue(seedCount)).ToArray();
    var clock = Stopwatch.StartNew();
    string dataDir = SamplePaths.Mnist();
    var full = Mnist.LoadTrain<float>(dataDir);
    var test = Mnist.LoadTest<float>(dataDir);

    // A fixed, class-balanced subset of 2,000 training images (the same for every run).
    var (_, subset) = full.SplitStratified(testFraction: 2000.0 / full.Count, seed: 0);
    SampleConsole.Line($"training subset: {subset.Count} images, test set: {test.Count} images, {parsed.GetValue(epochs)} epochs, seeds {string.Join(", ", seeds)}");

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
        string name = augment ? "augmented" : "plain";
        var history = TrainingDisplay.Fit($"seed {seed} {name}", progress => model.Fit(
            subset, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001),
            epochs: parsed.GetValue(epochs), batchSize: parsed.GetValue(batchSize), seed: seed,
            augmentation: augment ? pipeline : null, callbacks: [progress]), quiet: true);
        double accuracy = model.Evaluate(test).Accuracy;
        SampleConsole.Line(SampleConsole.F($"seed {seed} {name,-9}: test accuracy {accuracy:F4}"));
        if (seed == seeds[0])
        {
            SampleConsole.Wrote(history.SavePlot(run.OutFile($"augmentation-curves-seed{seed}-{name}.png"), new() { Title = $"2,000 MNIST images, {name}, seed {seed}" }));
        }

        return accuracy;
    }

    var rows = new List<IReadOnlyList<string>>();
    var plainAll = new List<double>();
    var augmentedAll = new List<double>();
    foreach (int seed in seeds)
    {
        double plain = Train(seed, augment: false);
        double augmented = Train(seed, augment: true);
        plainAll.Add(plain);
        augmentedAll.Add(augmented);
        rows.Add([seed.ToString(CultureInfo.InvariantCulture), F(plain), F(augmented), Signed(augmented - plain)]);
    }

    double difference = augmentedAll.Average() - plainAll.Average();
    rows.Add(["mean", F(plainAll.Average()), F(augmentedAll.Average()), Signed(difference)]);
    SampleConsole.Table($"test accuracy ({test.Count:N0} images)", ["seed", "plain", "augmented", "difference"], rows);
    SampleConsole.Line(SampleConsole.F($"total time {clock.Elapsed.TotalSeconds:F1} s"));
    SampleConsole.LastLine("augmented_minus_plain=" + Signed(difference));
    return 0;
});

static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

static string Signed(double v) => v.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture);
