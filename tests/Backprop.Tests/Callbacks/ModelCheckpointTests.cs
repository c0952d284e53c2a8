using Backprop.Callbacks;
using Backprop.Metrics;
using Backprop.Models;

namespace Backprop.Tests.Callbacks;

/// <summary>ModelCheckpoint: Keras 3's file names, best-only saving, weights-only files, batch frequency; every file it writes loads.</summary>
public class ModelCheckpointTests
{
    [Fact]
    public void Every_epoch_writes_a_model_file_named_from_the_template_with_a_one_based_epoch()
    {
        using var folder = new TempFolder();
        var run = new ScriptedRun([0.5, 0.25, 0.375]);
        var checkpoint = new ModelCheckpoint(folder["models/m-{epoch:02d}-{score:.3f}.safetensors"]);

        run.Fit(checkpoint);

        string[] names = ["m-01-0.500.safetensors", "m-02-0.250.safetensors", "m-03-0.375.safetensors"];
        Directory.GetFiles(folder["models"]).Select(Path.GetFileName).Should().BeEquivalentTo(names);
        for (int e = 0; e < 3; e++)
        {
            var loaded = Sequential<double>.Load(Path.Combine(folder["models"], names[e]));
            loaded.Parameters.SelectMany(p => p.Value.Span.ToArray()).Should().Equal(run.WeightsPerEpoch[e], "the file holds that epoch's weights");
        }

        checkpoint.LastSavedPath.Should().Be(Path.Combine(folder["models"], names[2]));
    }

    [Fact]
    public void Save_best_only_saves_strict_improvements_in_the_monitored_direction()
    {
        using var folder = new TempFolder();
        double[] script = [0.5, 0.6, 0.4, 0.4, double.NaN, 0.3];
        var min = new ModelCheckpoint(folder["min-{epoch}.safetensors"], monitor: "score", saveBestOnly: true);
        var max = new ModelCheckpoint(folder["max-{epoch}.safetensors"], monitor: "score", mode: MonitorMode.Max, saveBestOnly: true);
        var threshold = new ModelCheckpoint(folder["t-{epoch}.safetensors"], monitor: "score", saveBestOnly: true, initialValueThreshold: 0.45);
        var single = new ModelCheckpoint(folder["best.safetensors"], monitor: "score", saveBestOnly: true);
        var run = new ScriptedRun(script);

        run.Fit(min, max, threshold, single);

        Names("min-").Should().BeEquivalentTo(["min-1.safetensors", "min-3.safetensors", "min-6.safetensors"], "an equal value or NaN is no improvement");
        Names("max-").Should().BeEquivalentTo(["max-1.safetensors", "max-2.safetensors"]);
        Names("t-").Should().BeEquivalentTo(["t-3.safetensors", "t-6.safetensors"], "the first save must beat the threshold");
        (min.BestValue, max.BestValue, min.Maximizes).Should().Be((0.3, 0.6, false));
        Sequential<double>.Load(folder["best.safetensors"]).Parameters.SelectMany(p => p.Value.Span.ToArray())
            .Should().Equal(run.WeightsPerEpoch[5], "without fields, the best model overwrites the file");

        string[] Names(string prefix) => [.. Directory.GetFiles(folder.Path, prefix + "*").Select(f => Path.GetFileName(f)!)];
    }

    [Fact]
    public void Weights_only_files_load_into_a_built_model_and_not_as_a_model()
    {
        using var folder = new TempFolder();
        var run = new ScriptedRun([0.5, 0.25]);
        var checkpoint = new ModelCheckpoint(folder["w-{epoch}.weights.safetensors"], saveWeightsOnly: true);

        run.Fit(checkpoint);

        FluentActions.Invoking(() => Sequential<double>.Load(folder["w-2.weights.safetensors"]))
            .Should().Throw<InvalidDataException>().WithMessage("*weights-only file*LoadWeights*");
        var other = new Sequential<double>(new Backprop.Layers.Dense<double>(2));
        other.Build(3, seed: 99);
        other.LoadWeights(folder["w-1.weights.safetensors"]);
        other.Parameters.SelectMany(p => p.Value.Span.ToArray()).Should().Equal(run.WeightsPerEpoch[0]);
        other.LoadWeights(folder["w-2.weights.safetensors"]);
        other.Parameters.SelectMany(p => p.Value.Span.ToArray()).Should().Equal(run.WeightsPerEpoch[1]);
        new FileInfo(folder["w-2.weights.safetensors"]).Length.Should().BeLessThan(1000, "no architecture, just two small tensors and metadata");
    }

    [Fact]
    public void Every_n_batches_counts_across_epochs_and_fills_the_one_based_batch()
    {
        using var folder = new TempFolder();
        var run = new ScriptedRun([0.5, 0.25, 0.125]); // 4 batches per epoch
        var checkpoint = new ModelCheckpoint(folder["m-{epoch}-{batch}-{loss:.1e}.safetensors"], frequency: SaveFrequency.EveryBatches(3));

        run.Fit(checkpoint);

        var names = Directory.GetFiles(folder.Path).Select(f => string.Join('-', Path.GetFileName(f)!.Split('-').Take(3))).Order();
        names.Should().Equal("m-1-3", "m-2-2", "m-3-1", "m-3-4");
        Directory.GetFiles(folder.Path).Should().AllSatisfy(f => Sequential<double>.Load(f).Parameters.Should().HaveCount(2));
    }

    [Fact]
    public void A_monitored_value_that_is_not_logged_throws_and_batch_saves_monitor_batch_losses()
    {
        using var folder = new TempFolder();
        FluentActions.Invoking(() => new ScriptedRun([0.5]).Fit(new ModelCheckpoint(folder["m.safetensors"], monitor: "val_accuracy", mode: MonitorMode.Max, saveBestOnly: true)))
            .Should().Throw<InvalidOperationException>().WithMessage("*'val_accuracy' is not available*score*");
        FluentActions.Invoking(() => new ScriptedRun([0.5]).Fit(new ModelCheckpoint(folder["m.safetensors"], monitor: "score", saveBestOnly: true, frequency: SaveFrequency.EveryBatches(2))))
            .Should().Throw<InvalidOperationException>().WithMessage("*'score' is not available*epoch, batch, loss, data_loss, penalty*");

        var byLoss = new ModelCheckpoint(folder["b-{epoch}-{batch}.safetensors"], monitor: "loss", saveBestOnly: true, frequency: SaveFrequency.EveryBatches(1));
        new ScriptedRun([0.5, 0.5], metrics: [new ScriptedMetric("score", higherIsBetter: false)]).Fit(byLoss);
        Directory.GetFiles(folder.Path, "b-*").Should().NotBeEmpty();
        byLoss.BestValue.Should().BeLessThan(double.PositiveInfinity);
    }

    [Fact]
    public void A_batch_field_needs_batch_frequency_and_arguments_are_checked()
    {
        FluentActions.Invoking(() => new ModelCheckpoint("m-{batch}.safetensors")).Should().Throw<ArgumentException>().WithMessage("*{batch}*EveryBatches*");
        FluentActions.Invoking(() => new ModelCheckpoint(" ")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => SaveFrequency.EveryBatches(0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new ModelCheckpoint("m.safetensors", initialValueThreshold: double.NaN)).Should().Throw<ArgumentOutOfRangeException>();
        SaveFrequency.Epoch.IsEpoch.Should().BeTrue();
        default(SaveFrequency).Should().Be(SaveFrequency.Epoch);
    }

    [Fact]
    public void After_a_resume_model_checkpoint_and_csv_logger_have_written_the_same_files_as_an_uninterrupted_run()
    {
        const int epochs = 12;
        using var folder = new TempFolder();
        string[] Run(string name, int? crashAt)
        {
            string dir = folder[name];
            var callbacks = new List<Backprop.Training.Callback>
            {
                new ModelCheckpoint(Path.Combine(dir, "best-{epoch:02d}-{val_accuracy:.4f}.safetensors"), monitor: "val_accuracy", saveBestOnly: true),
                new ModelCheckpoint(Path.Combine(dir, "every-{epoch}-{batch}.weights.safetensors"), saveWeightsOnly: true, frequency: SaveFrequency.EveryBatches(7)),
                new CsvLogger(Path.Combine(dir, "log.csv")),
                new BackupAndRestore(Path.Combine(dir, "backup")),
            };
            if (crashAt is int epoch)
            {
                var crash = new CrashAt(epoch, 2);
                FluentActions.Invoking(() => new ResumeRun<float>(300).Fit(epochs, [.. callbacks, crash])).Should().Throw<SimulatedCrashException>();
            }

            new ResumeRun<float>(300).Fit(epochs, callbacks);
            return [.. Directory.GetFiles(dir).Order().Select(f => Path.GetFileName(f) + " " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))];
        }

        var uninterrupted = Run("a", crashAt: null);
        var resumed = Run("b", crashAt: 6);

        resumed.Should().Equal(uninterrupted, "the same names and the same bytes");
        uninterrupted.Should().Contain(f => f.StartsWith("best-", StringComparison.Ordinal)).And.Contain(f => f.StartsWith("log.csv", StringComparison.Ordinal));
    }
}
