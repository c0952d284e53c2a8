using Backprop.Activations;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Docs.Tests;

/// <summary>docs/callbacks.md.</summary>
[Collection(CurrentDirectory.Collection)]
public sealed class CallbacksSnippets : InTemporaryDirectory
{
    private static readonly Dataset<float> Digits = Datasets.Digits();

    public CallbacksSnippets()
        : base("docs-callbacks-")
    {
    }

    private static Sequential<float> Mlp() => new(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));

    [Fact]
    public void Early_stopping_with_a_plateau_schedule_and_a_log()
    {
        var model = Mlp();
        #region EarlyStoppingUsage
        var history = model.Fit(Digits, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01),
            epochs: 200, validationSplit: 0.2, seed: 1,
            callbacks:
            [
                new EarlyStopping(patience: 5, restoreBestWeights: true),           // monitors val_data_loss
                new ReduceLROnPlateau(factor: 0.5, patience: 2, minLearningRate: 1e-4),
                new CsvLogger("training-log.csv"),
                new TerminateOnNaN(),
            ]);
        Console.WriteLine($"{history.StopReason} after {history.Epochs.Count} epochs, best epoch {history.RestoredEpoch}");
        #endregion

        history.StopReason.Should().Be(StopReason.PatienceExhausted);
        history.Epochs.Count.Should().BeLessThan(200);
        history.RestoredEpoch.Should().NotBeNull();
        File.ReadAllLines("training-log.csv").Should().HaveCount(history.Epochs.Count + 1);
    }

    [Fact]
    public void Learning_rate_schedules()
    {
        var model = Mlp();
        #region Schedules
        LearningRateSchedule[] schedules =
        [
            new StepDecay(0.1, factor: 0.5, stepSize: 10),                          // lr₀·f^⌊t/s⌋
            new ExponentialDecay(0.1, decayRate: 0.96, decaySteps: 1),              // lr₀·r^(t/s)
            new CosineDecay(0.1, decaySteps: 50, warmRestarts: true, periodMultiplier: 2), // SGDR
            new LinearWarmup(new CosineDecay(0.1, decaySteps: 50), warmupSteps: 5),
        ];
        var perEpoch = new LearningRateScheduler(schedules[3]);                     // t = zero-based epoch
        int batches = (int)Math.Ceiling(Digits.Count / 32.0);
        var perBatch = new LearningRateScheduler(new OneCycle(0.1, totalSteps: 5L * batches), perBatch: true);
        model.Fit(Digits, new CategoricalCrossEntropy<float>(fromLogits: true), new Sgd<float>(momentum: 0.9),
            epochs: 5, batchSize: 32, seed: 1, callbacks: [perBatch]);
        #endregion

        schedules[0].LearningRate(10).Should().BeApproximately(0.05, 1e-12);
        perEpoch.Should().NotBeNull();
        model.Evaluate(Digits).Accuracy.Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void Checkpoints_and_resuming()
    {
        var model = Mlp();
        #region CheckpointsUsage
        var backup = new BackupAndRestore("checkpoints/digits");    // if the process dies, rerun the same code: it resumes exactly
        var best = new ModelCheckpoint("models/digits-{epoch:02d}-{val_accuracy:.4f}.safetensors",
            monitor: "val_accuracy", saveBestOnly: true);
        model.Fit(Digits, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001),
            epochs: 10, validationSplit: 0.1, seed: 42, callbacks: [backup, best]);
        var reloaded = Sequential<float>.Load(best.LastSavedPath!);
        #endregion

        Directory.Exists("checkpoints/digits").Should().BeFalse("a finished Fit deletes its checkpoint and the folder it left empty");
        Path.GetFileName(best.LastSavedPath).Should().MatchRegex(@"^digits-\d\d-0\.\d{4}\.safetensors$");
        reloaded.OutputFeatures.Should().Be(10);
    }

    [Fact]
    public void Progress_cancellation_and_a_callback_of_your_own()
    {
        var model = Mlp();
        #region ProgressAndCancel
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));   // e.g. a service's stopping token
        var progress = new SynchronousProgress<EpochProgress>(p =>
            Console.WriteLine($"epoch {p.Epoch + 1}/{p.Epochs}: loss {p.Logs["loss"]:F4} ({p.Elapsed.TotalMilliseconds:F0} ms)"));
        var counter = new BatchCounter();
        var history = model.Fit(Digits, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01),
            epochs: 3, seed: 1, callbacks: [counter], progress: progress, cancellationToken: cts.Token);
        #endregion

        counter.Batches.Should().Be(3 * (int)Math.Ceiling(Digits.Count / 32.0));
        history.StopReason.Should().Be(StopReason.MaxEpochs);
    }

    #region CustomCallback
    /// <summary>Counts training batches; a callback overrides only the hooks it needs.</summary>
    public sealed class BatchCounter : Callback
    {
        public int Batches { get; private set; }

        public override void OnTrainBegin(TrainingContext context) => Batches = 0;

        public override void OnBatchEnd(TrainingContext context) => Batches++;
    }
    #endregion
}
