// Trains an MLP 784-512-256-10 on MNIST (60,000 images) with data augmentation and reports accuracy on the
// 10,000 official test images. Writes <out>/mnist-curves.png (loss and accuracy per epoch) and
// <out>/mnist-augmentation.png (what the pipeline does to four digits).
// Run: dotnet run -c Release --project samples/Mnist [-- --help]; --timing measures epoch time with and without augmentation.
// Last line: test_accuracy=0.99xx (or, with --timing, augmentation_epoch_overhead=…).
using System.Diagnostics;
using Backprop;
using Backprop.Augmentation;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Plotting;
using Backprop.Samples;
using Backprop.Training;

var cli = new SampleCommand("Mnist", "MLP 784-512-256-10 on the 60,000 MNIST training images with augmentation, tested on the 10,000 test images");
var epochs = cli.Positive("--epochs", 20, "Training epochs (cosine learning-rate decay over them)");
var batchSize = cli.Positive("--batch-size", 128, "Rows per batch");
var seed = cli.Add("--seed", 42, "Seed for the weights, the shuffling and the augmentation");
var noAugmentation = cli.Flag("--no-augmentation", "Train on the images as they are");
var timing = cli.Flag("--timing", "Measure one epoch with and without augmentation instead of training (3 alternating rounds)");
return cli.Run(args, (parsed, run) =>
{
    var clock = Stopwatch.StartNew();
    bool augment = !parsed.GetValue(noAugmentation);
    string dataDir = SamplePaths.Mnist();
    var train = Mnist.LoadTrain<float>(dataDir);
    var test = Mnist.LoadTest<float>(dataDir);
    SampleConsole.Line($"MNIST from {dataDir}: {train.Count:N0} train, {test.Count:N0} test; augmentation {(augment ? "on" : "off")}, {parsed.GetValue(epochs)} epochs");

    var shape = SampleShape.Image(28, 28);
    var pipeline = new AugmentationPipeline<float>(shape, seed: parsed.GetValue(seed))
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

    string previewPath = run.OutFile("mnist-augmentation.png");
    PreviewImage.SavePng(previewPath, preview, shape, columns: 8, scale: 3);
    SampleConsole.Wrote(previewPath);

    if (parsed.GetValue(timing))
    {
        Timing.Run(train, pipeline);
        return 0;
    }

    var model = Network.Create();
    var timer = new EpochTimer();
    var history = TrainingDisplay.Fit("mnist", progress => model.Fit(
        train,
        new CategoricalCrossEntropy<float>(fromLogits: true),
        new Adam<float>(learningRate: 0.001),
        epochs: parsed.GetValue(epochs),
        batchSize: parsed.GetValue(batchSize),
        validationData: test.Subset(Enumerable.Range(0, 2000).ToArray()),
        seed: parsed.GetValue(seed),
        callbacks: [new CosineDecay(0.001, 0.00002), timer, progress],
        augmentation: augment ? pipeline : null));

    SampleConsole.Line("val_ values: the first 2,000 test images, monitored only (nothing is tuned on them)");
    SampleConsole.Wrote(history.SavePlot(run.OutFile("mnist-curves.png"), new() { Title = "MNIST MLP" + (augment ? ", augmented batches" : "") }));
    var result = model.Evaluate(test);
    SampleConsole.Table("MNIST MLP 784-512-256-10", ["", "value"],
    [
        ["epochs", $"{history.Epochs.Count}"],
        ["median epoch", SampleConsole.F($"{timer.Median:F2} s")],
        ["total time", SampleConsole.F($"{clock.Elapsed.TotalSeconds:F1} s")],
        ["test accuracy (10,000 images)", SampleConsole.F($"{result.Accuracy:F4}")],
    ]);
    SampleConsole.LastLine(SampleConsole.F($"test_accuracy={result.Accuracy:F4}"));
    return 0;
});

/// <summary>Cosine learning-rate decay from <c>start</c> to <c>end</c> over the run, set at each epoch start.</summary>
sealed class CosineDecay(double start, double end) : Callback
{
    public override void OnEpochBegin(TrainingContext context)
    {
        double t = context.Epochs <= 1 ? 0 : context.Epoch / (double)(context.Epochs - 1);
        context.LearningRate = end + (0.5 * (start - end) * (1 + Math.Cos(Math.PI * t)));
    }
}

/// <summary>Wall time of each epoch, for the median.</summary>
sealed class EpochTimer : Callback
{
    private readonly List<double> _seconds = [];
    private Stopwatch _clock = new();

    public double Median => _seconds.Count == 0 ? double.NaN : _seconds.Order().ElementAt(_seconds.Count / 2);

    public override void OnEpochBegin(TrainingContext context) => _clock = Stopwatch.StartNew();

    public override void OnEpochEnd(TrainingContext context) => _seconds.Add(_clock.Elapsed.TotalSeconds);
}
