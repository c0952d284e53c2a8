// Trains an MLP 784-512-256-10 on MNIST (60,000 images) with data augmentation and reports accuracy on the
// 10,000 official test images. Writes mnist-curves.png (loss/accuracy per epoch) and mnist-augmentation.png.
// Run: dotnet run -c Release --project samples/Mnist [-- --epochs 20 --threads 2 --no-augmentation --out DIR]; --timing measures epoch time with and without augmentation.
using System.Diagnostics;
using System.Globalization;
using Backprop;
using Backprop.Activations;
using Backprop.Augmentation;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using Spectre.Console;
using Backprop.Metrics;
using Backprop.Models;

int epochs = IntOption("--epochs", 20);
bool augment = !args.Contains("--no-augmentation");
string outDir = StringOption("--out", ".");
BackpropSettings.MaxThreads = IntOption("--threads", Environment.ProcessorCount);
var clock = Stopwatch.StartNew();
string dataDir = FindMnist();
var train = Mnist.LoadTrain<float>(dataDir);
var test = Mnist.LoadTest<float>(dataDir);
AnsiConsole.MarkupLine($"MNIST from [grey]{dataDir}[/]: {train.Count:N0} train, {test.Count:N0} test; augmentation {(augment ? "on" : "off")}, {epochs} epochs");

var shape = SampleShape.Image(28, 28);
var pipeline = new AugmentationPipeline<float>(shape, seed: 42)
    .RandomAffine(maxDegrees: 10, maxShift: 2, minScale: 0.9, maxScale: 1.1)
    .ElasticDistortion(magnitude: 1.0, gridSize: 3, probability: 0.5)
    .RandomErasing(probability: 0.2, minArea: 0.02, maxArea: 0.1);

// What the pipeline does: 8 versions of each of the first 4 training digits.
var preview = new Tensor2D<float>(32, shape.Length);
for (int i = 0; i < 4; i++)
{
    var versions = pipeline.Preview(train.Features.Row(i), 8, sampleIndex: i);
    versions.Span.CopyTo(preview.Span.Slice(i * 8 * shape.Length));
}

string previewPath = Path.Combine(outDir, "mnist-augmentation.png");
PreviewImage.SavePng(previewPath, preview, shape, columns: 8, scale: 3);

if (args.Contains("--timing"))
{
    Timing.Run(train, pipeline);
    return;
}

var model = Network.Create();
var optimizer = new Adam<float>(learningRate: 0.001);
var epochTimes = new List<double>();
History history = null!;
AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(ctx =>
    {
        history = model.Fit(
            train,
            new CategoricalCrossEntropy<float>(fromLogits: true),
            optimizer,
            epochs: epochs,
            batchSize: 128,
            validationData: test.Subset(Enumerable.Range(0, 2000).ToArray()),
            seed: 42,
            callbacks: [new CosineDecay(0.001, 0.00002), new EpochBars(ctx, epochTimes)],
            augmentation: augment ? pipeline : null);
    });

string curvesPath = Path.Combine(outDir, "mnist-curves.png"); // loss; accuracy goes to mnist-accuracy.png
SaveCurves(history, curvesPath);
double accuracy = model.Evaluate(test).Accuracy;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"epochs {history.Epochs.Count}, median epoch {epochTimes.Order().ElementAt(epochTimes.Count / 2):F2} s, total {clock.Elapsed.TotalSeconds:F1} s; wrote {previewPath}, {curvesPath}, {curvesPath.Replace("curves", "accuracy", StringComparison.Ordinal)}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test_accuracy={accuracy:F4}"));

int IntOption(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string StringOption(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

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

    throw new DirectoryNotFoundException("data/mnist (samples/data/mnist in the repository) not found above the current folder or the program; run from the repository or copy the MNIST files there.");
}

static void SaveCurves(History history, string path)
{
    double[] x = Enumerable.Range(1, history.Epochs.Count).Select(e => (double)e).ToArray();
    foreach (var (metric, file) in new[] { ("loss", path), ("accuracy", path.Replace("curves", "accuracy", StringComparison.Ordinal)) })
    {
        var plot = new ScottPlot.Plot();
        plot.Add.Scatter(x, history[metric].ToArray()).LegendText = $"train {metric} (augmented batches)";
        plot.Add.Scatter(x, history["val_" + metric].ToArray()).LegendText = $"first 2,000 test images (monitored only, nothing is tuned on them)";
        plot.Title($"MNIST MLP: {metric} per epoch");
        plot.XLabel("epoch");
        plot.ShowLegend();
        plot.SavePng(file, 800, 450);
    }
}

/// <summary>Cosine learning-rate decay from <c>start</c> to <c>end</c> over the run, set at each epoch start.</summary>
sealed class CosineDecay(double start, double end) : Callback
{
    public override void OnEpochBegin(TrainingContext context)
    {
        double t = context.Epochs <= 1 ? 0 : context.Epoch / (double)(context.Epochs - 1);
        context.LearningRate = end + (0.5 * (start - end) * (1 + Math.Cos(Math.PI * t)));
    }
}

/// <summary>One Spectre.Console progress bar per epoch, advanced per batch, labelled with the epoch's results.</summary>
sealed class EpochBars(ProgressContext progress, List<double> epochTimes) : Callback
{
    private ProgressTask? _task;
    private Stopwatch _clock = new();

    public override void OnEpochBegin(TrainingContext context)
    {
        _task = progress.AddTask($"epoch {context.Epoch + 1,2}/{context.Epochs}", maxValue: context.BatchesPerEpoch);
        _clock = Stopwatch.StartNew();
    }

    public override void OnBatchEnd(TrainingContext context) => _task?.Increment(1);

    public override void OnEpochEnd(TrainingContext context)
    {
        epochTimes.Add(_clock.Elapsed.TotalSeconds);
        var l = context.Logs;
        _task!.Description = string.Create(CultureInfo.InvariantCulture,
            $"epoch {context.Epoch + 1,2}/{context.Epochs} loss {l["loss"]:F4} acc {l["accuracy"]:F4} held-out acc {l["val_accuracy"]:F4} ({_clock.Elapsed.TotalSeconds:F1} s)");
        _task.StopTask();
    }
}
