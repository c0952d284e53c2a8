using System.Globalization;
using Backprop.Callbacks;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Callbacks;

/// <summary>
/// One test per row of the table in docs/callbacks.md: each pins a place where a callback differs from Keras 3 on
/// purpose (the comment says what Keras 3 would do with the same script).
/// </summary>
public class KerasDifferenceTests
{
    // ---- EarlyStopping ----

    [Fact]
    public void Callbacks_monitor_val_data_loss_by_default_not_val_loss()
    {
        // The penalty grows while the data loss falls: val_loss (Keras's default) gets worse from epoch 1.
        double[] valDataLoss = [3, 2, 1, 0.5];
        double[] valLoss = [3, 4, 5, 6];
        ScriptedRun Run() => new ScriptedRun(valDataLoss, LogKeys.ValidationDataLoss).With(LogKeys.ValidationLoss, valLoss);

        var byDefault = new EarlyStopping();
        byDefault.Monitor.Should().Be(LogKeys.ValidationDataLoss);
        Run().Fit(byDefault).StopReason.Should().Be(StopReason.MaxEpochs);
        Run().Fit(new EarlyStopping(LogKeys.ValidationLoss)).LastEpoch.Should().Be(1);

        var reduce = new ReduceLROnPlateau(patience: 1);
        reduce.Monitor.Should().Be(LogKeys.ValidationDataLoss);
        var run = Run();
        run.Optimizer.LearningRate = 1;
        run.Fit(reduce);
        run.Optimizer.LearningRate.Should().Be(1);

        var kerasDefault = Run();
        kerasDefault.Optimizer.LearningRate = 1;
        kerasDefault.Fit(new ReduceLROnPlateau(LogKeys.ValidationLoss, patience: 1));
        kerasDefault.Optimizer.LearningRate.Should().BeLessThan(1);
    }

    [Fact]
    public void Auto_direction_is_resolved_and_checked_before_the_first_batch()
    {
        // Keras 3 raises its ValueError in on_epoch_end, after a whole epoch has trained.
        foreach (Callback callback in new Callback[] { new EarlyStopping("custom"), new ReduceLROnPlateau("custom") })
        {
            var counter = new Counter();
            var run = new ScriptedRun([1, 2], "custom");
            var act = () => run.Fit(counter, callback);

            act.Should().Throw<InvalidOperationException>().WithMessage("*'custom'*MonitorMode.Max*MonitorMode.Min*");
            counter.Batches.Should().Be(0);
            run.Optimizer.Iterations.Should().Be(0);
        }
    }

    [Fact]
    public void A_missing_monitored_key_throws_instead_of_skipping_the_epoch()
    {
        // Keras 3 warns and ignores the epoch, so a misspelt key silently disables the callback.
        foreach (Callback callback in new Callback[]
        {
            new EarlyStopping("val_acuracy", mode: MonitorMode.Max, startFromEpoch: 3),
            new ReduceLROnPlateau("val_acuracy", mode: MonitorMode.Max),
        })
        {
            var counter = new Counter();
            var act = () => new ScriptedRun([1, 2, 3, 4]).Fit(counter, callback);

            act.Should().Throw<InvalidOperationException>().WithMessage("*'val_acuracy' was not logged in epoch 0*score*validation data*");
            counter.EpochEnds.Should().Be(1, "the first epoch end fails, even during EarlyStopping's warm-up");
        }
    }

    [Fact]
    public void A_nan_first_value_is_not_taken_as_the_best()
    {
        // Keras 3 starts from best = None, so the NaN of epoch 0 becomes the best; no later value compares better
        // than NaN, so it would stop at epoch 1 with patience 1 and keep the NaN epoch as best.
        var es = new EarlyStopping("score", patience: 1, restoreBestWeights: true);
        var run = new ScriptedRun([double.NaN, 2, 1, 3]);

        var h = run.Fit(es);

        h.LastEpoch.Should().Be(3);
        es.BestValue.Should().Be(1);
        es.BestEpoch.Should().Be(2);
        h.RestoredEpoch.Should().Be(2);
        run.Weights().Should().Equal(run.WeightsPerEpoch[2]);
    }

    [Fact]
    public void A_negative_min_delta_is_rejected_where_keras_takes_its_absolute_value()
    {
        ((Action)(() => _ = new EarlyStopping("score", minDelta: -0.1))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*minDelta*≥ 0*");

        // minDelta: 0.1 is what Keras makes of min_delta = ±0.1 in min mode: an improvement is x < best − 0.1.
        var es = new EarlyStopping("score", minDelta: 0.1, patience: 2);
        var h = new ScriptedRun([1, 0.95, 0.85, 0.8]).Fit(es);
        h.StopReason.Should().Be(StopReason.MaxEpochs);
        es.BestValue.Should().Be(0.85);
        es.Wait.Should().Be(1, "0.8 is not below 0.85 − 0.1");
    }

    // ---- ReduceLROnPlateau ----

    [Fact]
    public void Reduce_lr_auto_direction_comes_from_the_metric_not_from_acc_in_the_name()
    {
        // Keras 3's ReduceLROnPlateau maximises only keys containing "acc": it would minimise this rising "auc" and
        // cut the learning rate after epoch 1.
        var run = new ScriptedRun([0.5, 0.6, 0.7, 0.8], "val_auc", [new ScriptedMetric("auc", higherIsBetter: true)]);
        run.Optimizer.LearningRate = 1;
        var cb = new ReduceLROnPlateau("val_auc", patience: 1);

        var h = run.Fit(cb);

        cb.Maximizes.Should().BeTrue();
        h[LogKeys.LearningRate].Should().Equal(1, 1, 1, 1);
        run.Optimizer.LearningRate.Should().Be(1);
    }

    [Fact]
    public void Reduce_lr_threshold_is_relative_by_default()
    {
        // Keras 3: absolute min_delta = 1e-4, so every step below counts as an improvement and nothing is reduced.
        double[] script = [1000, 999.95, 999.85, 999.8];
        var relative = new ScriptedRun(script);
        relative.Optimizer.LearningRate = 1;
        var byDefault = new ReduceLROnPlateau("score", factor: 0.5, patience: 1);
        byDefault.ThresholdMode.Should().Be(ThresholdMode.Relative);
        byDefault.Threshold.Should().Be(1e-4);

        // 999.95 is not below 1000·(1 − 1e−4) = 999.9 → reduce; 999.85 is → best; 999.8 is not below 999.75 → reduce.
        relative.Fit(byDefault)[LogKeys.LearningRate].Should().Equal(1, 1, 0.5, 0.5);
        relative.Optimizer.LearningRate.Should().Be(0.25);

        var absolute = new ScriptedRun(script);
        absolute.Optimizer.LearningRate = 1;
        absolute.Fit(new ReduceLROnPlateau("score", factor: 0.5, patience: 1, thresholdMode: ThresholdMode.Absolute))[LogKeys.LearningRate]
            .Should().Equal(1, 1, 1, 1);
    }

    [Fact]
    public void Fit_logs_lr_every_epoch_and_the_callbacks_add_no_learning_rate_key()
    {
        // Keras 3's ReduceLROnPlateau and LearningRateScheduler each write "learning_rate" into the epoch logs.
        var run = new ScriptedRun([5, 5, 5, 5]);
        run.Optimizer.LearningRate = 1;
        var h = run.Fit(new ReduceLROnPlateau("score", factor: 0.5, patience: 1));
        h[LogKeys.LearningRate].Should().Equal(1, 1, 0.5, 0.25);   // the rate each epoch ran with

        var h2 = new ScriptedRun([0, 0, 0]).Fit(new LearningRateScheduler(new StepDecay(0.1, 0.5, 1)));
        h2[LogKeys.LearningRate].Should().Equal(0.1, 0.05, 0.025);

        h.Epochs.Concat(h2.Epochs).Should().OnlyContain(e => !e.Contains("learning_rate"));
    }

    [Fact]
    public void Arguments_keras_accepts_are_rejected_when_they_cannot_be_meant()
    {
        // Keras 3's ReduceLROnPlateau rejects only factor ≥ 1 (0 or a negative factor pass), and never checks min_delta.
        ((Action)(() => _ = new ReduceLROnPlateau(factor: 0))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*factor*");
        ((Action)(() => _ = new ReduceLROnPlateau(factor: -0.5))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*factor*");
        ((Action)(() => _ = new ReduceLROnPlateau(threshold: -1e-4))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*threshold*");

        // Keras 3's CSVLogger takes any string as separator.
        ((Action)(() => _ = new CsvLogger("x.csv", separator: '.'))).Should().Throw<ArgumentException>().WithMessage("*'.'*");
        ((Action)(() => _ = new CsvLogger("x.csv", separator: '5'))).Should().Throw<ArgumentException>();

        // What is accepted works in a run: a factor just above 0.
        var run = new ScriptedRun([1, 1, 1]);
        run.Optimizer.LearningRate = 1;
        run.Fit(new ReduceLROnPlateau("score", factor: 1e-3, patience: 1));
        run.Optimizer.LearningRate.Should().BeApproximately(1e-6, 1e-18);
    }

    // ---- LearningRateScheduler ----

    [Fact]
    public void Scheduler_rate_is_a_function_of_the_step_only_not_of_the_current_rate()
    {
        // Keras 3 calls schedule(epoch, lr) with the optimizer's current rate; here another callback's change of the
        // rate between epochs does not feed into the schedule.
        var meddler = new SetRateAtEpochEnd(123);
        var h = new ScriptedRun([0, 0, 0, 0]).Fit(new LearningRateScheduler(new StepDecay(0.1, 0.5, 2)), meddler);

        h[LogKeys.LearningRate].Should().Equal(0.1, 0.1, 0.05, 0.05);
    }

    [Fact]
    public void Scheduler_throws_on_a_negative_or_non_finite_rate()
    {
        // Keras 3 only checks that the schedule returned a float, so NaN or −1 would be set on the optimizer.
        foreach (double bad in new[] { double.NaN, -1, double.PositiveInfinity })
        {
            var counter = new Counter();
            var act = () => new ScriptedRun([0, 0, 0, 0]).Fit(new LearningRateScheduler(new BadAt(2, bad)), counter);

            act.Should().Throw<InvalidOperationException>()
                .WithMessage($"*BadAt*{bad.ToString(CultureInfo.InvariantCulture)}*step 2*finite and ≥ 0*");
            counter.EpochEnds.Should().Be(2);
        }
    }

    // ---- TerminateOnNaN ----

    [Fact]
    public void Terminate_on_nan_always_ends_fit_normally_so_train_end_hooks_run()
    {
        // Keras 3's TerminateOnNaN(raise_error=True) raises and skips on_train_end; Backprop has no such option:
        // Fit returns with StopReason.NaN and every callback's OnTrainEnd runs (here: restore-best).
        var nan = new TerminateOnNaN();
        var run = new ScriptedRun([3, 2, 5]).WithBatchLoss(epoch: 1, batch: 2, double.NaN);
        var es = new EarlyStopping("score", patience: 5, restoreBestWeights: true);

        var h = run.Fit(nan, es);

        h.StopReason.Should().Be(StopReason.NaN);
        nan.StoppedAt.Should().Be((1, 2));
        h.Epochs.Should().HaveCount(2, "the interrupted epoch is still logged, as Keras does");
        run.Optimizer.Iterations.Should().Be(4 + 3);
        h.RestoredEpoch.Should().Be(1);
        run.Weights().Should().Equal(run.WeightsPerEpoch[1]);
    }

    // ---- CsvLogger ----

    [Fact]
    public void Csv_logger_replaces_the_whole_file_atomically_after_every_epoch()
    {
        // Keras 3 appends each row to an open file and flushes it: a crash can leave a partial row.
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "log.csv");
        var reader = new FileAtEpochEnd(path);

        new ScriptedRun([1, 2, 3]).Fit(new CsvLogger(path), reader);

        reader.Seen.Select(lines => lines.Length).Should().Equal(2, 3, 4);
        reader.Seen.Should().OnlyContain(lines => lines.All(l => l.Split(',').Length == lines[0].Split(',').Length));
        reader.TempFileSeen.Should().BeFalse();
        File.Exists(path + ".tmp").Should().BeFalse();
    }

    [Fact]
    public void Csv_logger_keeps_first_seen_column_order_adds_late_keys_and_leaves_missing_cells_empty()
    {
        // Keras 3 fixes the columns at the first epoch, sorted; a key first logged later is dropped and a missing
        // value is written as NA.
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "log.csv");
        var run = new ScriptedRun([1, 2, 3]);
        var h = run.Fit(new LogWhere("zz_first", e => e == 0 ? 7 : null), new LogWhere("late", e => e >= 1 ? e * 10 : null), new CsvLogger(path));

        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        header.Should().Equal(["epoch", .. h.Epochs[0].Keys, "late"]);
        header.Skip(1).Should().NotBeInAscendingOrder();
        int late = Array.IndexOf(header, "late");
        int first = Array.IndexOf(header, "zz_first");
        lines[1].Split(',')[late].Should().BeEmpty();
        lines[2].Split(',')[late].Should().Be("10");
        lines[3].Split(',')[first].Should().BeEmpty();
    }

    [Fact]
    public void Csv_logger_appends_under_the_existing_header_and_refuses_keys_it_lacks()
    {
        // Keras 3 appends rows in its own column order without checking the existing header.
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "log.csv");
        new ScriptedRun([1, 2]).Fit(new CsvLogger(path));
        string header = File.ReadAllLines(path)[0];

        new ScriptedRun([3]).Fit(new CsvLogger(path, append: true));
        var lines = File.ReadAllLines(path);
        lines.Should().HaveCount(4);
        lines[0].Should().Be(header);
        lines[3].Split(',')[Array.IndexOf(header.Split(','), "score")].Should().Be("3");

        var act = () => new ScriptedRun([4]).With("extra", [1]).Fit(new CsvLogger(path, append: true));
        act.Should().Throw<InvalidOperationException>().WithMessage("*'extra'*header*");
        File.ReadAllLines(path).Should().Equal(lines);
    }

    private sealed class Counter : Callback
    {
        public int Batches { get; private set; }

        public int EpochEnds { get; private set; }

        public override void OnBatchBegin(TrainingContext context) => Batches++;

        public override void OnEpochEnd(TrainingContext context) => EpochEnds++;
    }

    private sealed class SetRateAtEpochEnd(double rate) : Callback
    {
        public override void OnEpochEnd(TrainingContext context) => context.LearningRate = rate;
    }

    private sealed class BadAt(long step, double rate) : LearningRateSchedule
    {
        public override double LearningRate(long s) => s == step ? rate : 0.1;
    }

    /// <summary>Logs <paramref name="key"/> in the epochs where <paramref name="value"/> gives a value.</summary>
    private sealed class LogWhere(string key, Func<int, double?> value) : Callback
    {
        public override void OnEpochEnd(TrainingContext context)
        {
            if (value(context.Epoch) is double v)
            {
                context.Logs[key] = v;
            }
        }
    }

    private sealed class FileAtEpochEnd(string path) : Callback
    {
        public List<string[]> Seen { get; } = [];

        public bool TempFileSeen { get; private set; }

        public override void OnEpochEnd(TrainingContext context)
        {
            Seen.Add(File.ReadAllLines(path));
            TempFileSeen |= File.Exists(path + ".tmp");
        }
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("backprop-keras").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
