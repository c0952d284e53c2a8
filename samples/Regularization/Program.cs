// Same over-large MLP, same optimizer, learning rate and epoch budget, trained on only 300 digits:
// plain versus L2, dropout, Gaussian input noise, decoupled weight decay, early stopping, and all together
// (5 seeds each; only the regularization differs). Test set: every row not used for training or validation.
// Prints a table and writes the validation-loss curves (first seed) to <out>/regularization-val-loss.png.
// Run: dotnet run -c Release --project samples/Regularization [-- --help]
// Last line: regularized_minus_plain=+0.0xxx (best regularized mean test accuracy minus plain's).
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Backprop;
using Backprop.Activations;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Regularization;
using Backprop.Training;
using Backprop.Models;
using Backprop.Samples;

const int TrainRows = 300;
const int ValidationRows = 200;
const double LearningRate = 1e-3;
const int Hidden = 256;
const int Depth = 2;
var inv = CultureInfo.InvariantCulture;

var cli = new SampleCommand("Regularization", "seven regularization set-ups of one over-large MLP on 300 digits, several seeds each");
var epochsOption = cli.Positive("--epochs", 120, "Epoch budget of every run");
var batchOption = cli.Positive("--batch-size", 32, "Rows per batch");
var seedsOption = cli.Positive("--seeds", 5, "Runs per set-up, with seeds 1..n");
// 32-row batches are too small to gain from threads; results are bit-identical for any thread count anyway.
cli.Threads.DefaultValueFactory = _ => 1;
return cli.Run(args, Body);

int Body(ParseResult parsed, SampleContext run)
{
    int epochs = parsed.GetValue(epochsOption);
    int batchSize = parsed.GetValue(batchOption);
    int[] seeds = Enumerable.Range(1, parsed.GetValue(seedsOption)).ToArray();
    string plotPath = run.OutFile("regularization-val-loss.png");
    var clock = Stopwatch.StartNew();
    var digits = Datasets.Digits();
    var (rest, train) = digits.SplitStratified(testFraction: (double)TrainRows / digits.Count, seed: 42);   // 300 stratified rows
    var (test, validation) = rest.SplitStratified(testFraction: (double)ValidationRows / rest.Count, seed: 43); // 200 validation, the rest test

    Config[] configs =
    [
        new("plain"),
        new("L2", L2: 1e-4),
        new("dropout", InputDropout: 0.2, Dropout: 0.5),
        new("gaussian noise", InputNoise: 0.3),
        new("weight decay", WeightDecay: 0.1),
        new("early stopping", EarlyStop: true),
        new("all together", L2: 1e-4, InputDropout: 0.2, Dropout: 0.5, WeightDecay: 0.1, EarlyStop: true),
    ];

    SampleConsole.Line(string.Create(inv, $"digits: train {train.Count} (stratified), validation {validation.Count}, test {test.Count}; network 64-{Hidden}x{Depth}-10, Adam lr {LearningRate}, {epochs} epochs, batch {batchSize}, seeds {string.Join(",", seeds)}"));
    var results = new List<Result>();
    foreach (var config in configs)
    {
        var runs = seeds.Select(seed => Train(config, seed)).ToArray();
        results.Add(new Result(config, runs));
        SampleConsole.Line(string.Create(inv, $"  {config.Name}: {string.Join(" ", runs.Select(r => r.Accuracy.ToString("F4", inv)))} ({clock.Elapsed.TotalSeconds:F0} s)"));
    }

    SampleConsole.Table(string.Create(inv, $"test accuracy over {seeds.Length} seeds ({test.Count} test rows)"),
        ["configuration", "test accuracy", "epochs run", "best epoch", "final val_data_loss"],
        results.Select(r => (IReadOnlyList<string>)
        [
            r.Config.Name,
            string.Create(inv, $"{r.MeanAccuracy:F4} ± {r.StdAccuracy:F4}"),
            r.Runs.Average(x => x.EpochsRun).ToString("F1", inv),
            r.Runs.Average(x => x.BestEpoch + 1).ToString("F1", inv),
            r.Runs.Average(x => x.FinalValLoss).ToString("F4", inv),
        ]));

    Plot(results, plotPath);
    SampleConsole.Wrote(plotPath);
    SampleConsole.Line(string.Create(inv, $"validation-loss curves are those of seed {seeds[0]}; time {clock.Elapsed.TotalSeconds:F1} s"));
    var plain = results[0];
    var best = results.Skip(1).MaxBy(r => r.MeanAccuracy)!;
    SampleConsole.Line(string.Create(inv, $"best regularized: {best.Config.Name} ({best.MeanAccuracy:F4} vs plain {plain.MeanAccuracy:F4})"));
    SampleConsole.LastLine(string.Create(inv, $"regularized_minus_plain={best.MeanAccuracy - plain.MeanAccuracy:+0.0000;-0.0000}"));
    return 0;

    Run Train(Config config, int seed)
    {
        Regularizer? l2 = config.L2 > 0 ? new L2(config.L2) : null;
        var layers = new List<Layer<float>>();
        if (config.InputDropout > 0)
        {
            layers.Add(new Dropout<float>(config.InputDropout));
        }

        if (config.InputNoise > 0)
        {
            layers.Add(new GaussianNoiseLayer<float>(config.InputNoise));
        }

        for (int h = 1; h < Depth; h++)
        {
            layers.Add(new Dense<float>(Hidden, Activation.ReLU, kernelRegularizer: l2));
            if (config.Dropout > 0)
            {
                layers.Add(new Dropout<float>(config.Dropout));
            }
        }

        for (int h = 1; h < Depth; h++)
        {
            layers.Add(new Dense<float>(Hidden, Activation.ReLU, kernelRegularizer: l2));
            if (config.Dropout > 0)
            {
                layers.Add(new Dropout<float>(config.Dropout));
            }
        }

        layers.Add(new Dense<float>(10, kernelRegularizer: l2));
        var model = new Sequential<float>([.. layers]);
        var optimizer = new Adam<float>(LearningRate, weightDecay: config.WeightDecay);   // decoupled: kernels (and Other-role weights), not biases
        EarlyStopping? early = config.EarlyStop ? new EarlyStopping(patience: 20, restoreBestWeights: true) : null;
        var history = TrainingDisplay.Fit($"{config.Name}, seed {seed}", progress => model.Fit(
            train,
            new CategoricalCrossEntropy<float>(fromLogits: true),
            optimizer,
            epochs: epochs,
            batchSize: batchSize,
            validationData: validation,
            seed: seed,
            callbacks: early is null ? [progress] : [early, progress]), quiet: true);

        var valLoss = history[LogKeys.ValidationDataLoss].ToArray();
        int bestEpoch = Array.IndexOf(valLoss, valLoss.Min());
        return new Run(model.Evaluate(test).Accuracy, history.Epochs.Count, bestEpoch, valLoss[^1], valLoss, history.StopReason);
    }
}

static void Plot(List<Result> results, string path)
{
    var plot = new ScottPlot.Plot();
    Backprop.Plotting.PlotFont.Register();
    plot.Font.Set(Backprop.Plotting.PlotFont.Name);   // the embedded font: text also on machines without fonts
    foreach (var r in results)
    {
        var curve = r.Runs[0].ValLoss;
        var line = plot.Add.Scatter(Enumerable.Range(1, curve.Length).Select(e => (double)e).ToArray(), curve);
        line.LegendText = r.Config.Name;
        line.MarkerSize = 0;
        line.LineWidth = 2;
    }

    plot.Title("Digits, 300 training rows: validation data loss");
    plot.XLabel("epoch");
    plot.YLabel("val_data_loss (cross-entropy)");
    plot.Axes.SetLimitsY(0, 0.6);
    plot.ShowLegend(ScottPlot.Alignment.UpperRight);
    plot.SavePng(path, 900, 560);
}

internal sealed record Config(string Name, double L2 = 0, double Dropout = 0, double InputDropout = 0, double InputNoise = 0, double WeightDecay = 0, bool EarlyStop = false);

internal sealed record Run(double Accuracy, int EpochsRun, int BestEpoch, double FinalValLoss, double[] ValLoss, StopReason Stop);

internal sealed record Result(Config Config, Run[] Runs)
{
    public double MeanAccuracy => Runs.Average(r => r.Accuracy);

    public double StdAccuracy
    {
        get
        {
            double mean = MeanAccuracy;
            return Math.Sqrt(Runs.Sum(r => (r.Accuracy - mean) * (r.Accuracy - mean)) / (Runs.Length - 1));
        }
    }
}
