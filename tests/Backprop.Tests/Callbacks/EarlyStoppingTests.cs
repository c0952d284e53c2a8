using Backprop.Callbacks;
using Backprop.Metrics;
using Backprop.Training;

namespace Backprop.Tests.Callbacks;

public class EarlyStoppingTests
{
    [Fact]
    public void Stops_when_patience_runs_out_after_the_best_epoch()
    {
        var run = new ScriptedRun([5, 4, 3, 3.5, 3.2, 3.1, 3.05, 3.0]);
        var es = new EarlyStopping("score", patience: 2);

        var h = run.Fit(es);

        h.Epochs.Should().HaveCount(5);
        h.StopReason.Should().Be(StopReason.PatienceExhausted);
        es.StoppedEpoch.Should().Be(4);
        es.BestEpoch.Should().Be(2);
        es.BestValue.Should().Be(3);
        h.RestoredEpoch.Should().BeNull();
    }

    [Fact]
    public void Patience_zero_stops_at_the_first_non_improving_epoch()
    {
        var h = new ScriptedRun([3, 2, 2.5, 1]).Fit(new EarlyStopping("score"));
        h.LastEpoch.Should().Be(2);
        h.StopReason.Should().Be(StopReason.PatienceExhausted);
    }

    [Fact]
    public void Absolute_min_delta_ignores_small_improvements()
    {
        var es = new EarlyStopping("score", minDelta: 0.1, patience: 2);
        var h = new ScriptedRun([1.0, 0.95, 0.91, 0.5]).Fit(es);
        h.LastEpoch.Should().Be(2);
        es.BestEpoch.Should().Be(0);
    }

    [Fact]
    public void Relative_min_delta_scales_with_the_best_value()
    {
        double[] script = [100, 95, 89, 88.5, 88.4, 88.3];
        var relative = new EarlyStopping("score", minDelta: 0.1, patience: 2, minDeltaMode: ThresholdMode.Relative);
        var h = new ScriptedRun(script).Fit(relative);
        h.LastEpoch.Should().Be(4);          // 95 is not 10 % better than 100; 89 is; 88.5 and 88.4 are not 10 % better than 89
        relative.BestEpoch.Should().Be(2);

        var absolute = new EarlyStopping("score", minDelta: 0.1, patience: 2);
        new ScriptedRun(script).Fit(absolute).StopReason.Should().Be(StopReason.MaxEpochs);
    }

    [Fact]
    public void Auto_mode_takes_the_direction_of_the_metric_and_explicit_modes_work_for_any_key()
    {
        var auto = new EarlyStopping("val_accuracy", patience: 2);
        auto.Maximizes.Should().BeNull("auto is resolved when Fit starts, from its metrics");
        var h = new ScriptedRun([0.5, 0.6, 0.55, 0.58, 0.9], "val_accuracy", [new Accuracy()]).Fit(auto);
        auto.Maximizes.Should().BeTrue();
        h.LastEpoch.Should().Be(3);
        auto.BestEpoch.Should().Be(1);

        var max = new EarlyStopping("anything", patience: 1, mode: MonitorMode.Max);
        max.Maximizes.Should().BeTrue();
        new ScriptedRun([1, 2, 3, 2, 1], "anything").Fit(max).LastEpoch.Should().Be(3);
        new EarlyStopping("anything", mode: MonitorMode.Min).Maximizes.Should().BeFalse();
    }

    [Fact]
    public void Baseline_not_reached_within_the_patience_stops_with_its_own_reason_and_still_restores_the_best()
    {
        var es = new EarlyStopping("score", patience: 3, baseline: 0.5, restoreBestWeights: true);
        var run = new ScriptedRun([0.9, 0.95, 0.97, 0.99, 0.3]);
        var h = run.Fit(es);

        h.LastEpoch.Should().Be(2);                              // wait 1 (improved, baseline not beaten), 2, 3
        h.StopReason.Should().Be(StopReason.BaselineNotReached);
        es.BestEpoch.Should().Be(0);
        h.RestoredEpoch.Should().Be(0, "Keras restores the best epoch whatever the baseline");
        run.Weights().Should().Equal(run.WeightsPerEpoch[0]);
    }

    [Fact]
    public void Improving_every_epoch_while_still_short_of_the_baseline_never_stops()
    {
        var es = new EarlyStopping("score", patience: 1, baseline: 0.5);
        var h = new ScriptedRun([0.9, 0.8, 0.7, 0.6, 0.55]).Fit(es);

        h.StopReason.Should().Be(StopReason.MaxEpochs);
        es.StoppedEpoch.Should().BeNull();
        es.Wait.Should().Be(5, "no epoch beat the baseline, so wait was never reset");
        es.BestEpoch.Should().Be(4);
    }

    [Fact]
    public void Patience_zero_never_stops_at_epoch_zero()
    {
        // Epoch 0 improves on "no best yet" but not on the baseline: Keras returns without checking the patience.
        var baseline = new EarlyStopping("score", patience: 0, baseline: 0.5);
        var h = new ScriptedRun([0.9, 0.8, 0.85, 0.1]).Fit(baseline);
        h.LastEpoch.Should().Be(2);
        h.StopReason.Should().Be(StopReason.BaselineNotReached);

        // A NaN at epoch 0 is no improvement, so wait (1) ≥ patience (0) — but Keras never stops at epoch 0.
        var nan = new EarlyStopping("score", patience: 0);
        var h2 = new ScriptedRun([double.NaN, 2, 1]).Fit(nan);
        h2.StopReason.Should().Be(StopReason.MaxEpochs);
        nan.BestEpoch.Should().Be(2);
    }

    [Theory]
    [InlineData(true, new[] { 1, 2, 0, 1, 0, 1, 0 })]
    [InlineData(false, new[] { 0, 0, 0, 1, 0, 1, 0 })]
    public void Wait_resets_only_when_both_the_best_and_the_baseline_are_beaten(bool withBaseline, int[] waits)
    {
        // 0.9 and 0.8 improve but miss the baseline 0.5; 0.4 beats both; 0.45 beats the baseline but not the best.
        var es = new EarlyStopping("score", patience: 10, baseline: withBaseline ? 0.5 : null);
        var probe = new Probe(c => es.Wait);

        new ScriptedRun([0.9, 0.8, 0.4, 0.45, 0.3, 0.35, 0.2]).Fit(es, probe);

        probe.Values.Should().Equal(waits.Select(w => (double)w));
    }

    [Fact]
    public void Best_weights_are_restored_when_training_ends_not_in_the_stopping_epoch()
    {
        var run = new ScriptedRun([3, 1, 2, 2.5, 0.1]);
        var before = new WeightsProbe(run);
        var after = new WeightsProbe(run);
        var h = run.Fit(before, new EarlyStopping("score", patience: 2, restoreBestWeights: true), after);

        h.LastEpoch.Should().Be(3);
        after.AtEpochEnd[^1].Should().Equal(run.WeightsPerEpoch[3], "the stopping epoch's hooks still see its own weights");
        before.AtTrainEnd.Should().Equal(run.WeightsPerEpoch[3], "a train-end hook that runs before EarlyStopping's sees the last weights");
        after.AtTrainEnd.Should().Equal(run.WeightsPerEpoch[1]);
        run.WeightsPerEpoch[1].Should().NotEqual(run.WeightsPerEpoch[3]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void The_first_monitored_epoch_is_restored_when_no_epoch_improves(int startFromEpoch)
    {
        var es = new EarlyStopping("score", patience: 5, restoreBestWeights: true, startFromEpoch: startFromEpoch);
        var run = new ScriptedRun([double.NaN, double.NaN, double.NaN]);

        var h = run.Fit(es);

        h.StopReason.Should().Be(StopReason.MaxEpochs);
        es.BestValue.Should().BeNull();
        es.BestEpoch.Should().BeNull();
        h.RestoredEpoch.Should().Be(startFromEpoch);
        run.Weights().Should().Equal(run.WeightsPerEpoch[startFromEpoch]);
    }

    [Fact]
    public void Best_weights_are_restored_even_when_patience_never_ran_out_as_in_keras_3()
    {
        var run = new ScriptedRun([3, 1, 2, 2.5]);
        var h = run.Fit(new EarlyStopping("score", patience: 10, restoreBestWeights: true));

        h.StopReason.Should().Be(StopReason.MaxEpochs);
        h.RestoredEpoch.Should().Be(1);
        run.Weights().Should().Equal(run.WeightsPerEpoch[1]);
        run.WeightsPerEpoch[1].Should().NotEqual(run.WeightsPerEpoch[3]);
    }

    [Fact]
    public void Best_weights_are_restored_when_patience_runs_out()
    {
        var run = new ScriptedRun([3, 1, 2, 2.5, 0.1]);
        var h = run.Fit(new EarlyStopping("score", patience: 2, restoreBestWeights: true));

        h.LastEpoch.Should().Be(3);
        h.RestoredEpoch.Should().Be(1);
        run.Weights().Should().Equal(run.WeightsPerEpoch[1]);
    }

    [Fact]
    public void Without_restore_the_last_weights_stay()
    {
        var run = new ScriptedRun([3, 1, 2, 2.5]);
        var h = run.Fit(new EarlyStopping("score", patience: 1));
        h.RestoredEpoch.Should().BeNull();
        run.Weights().Should().Equal(run.WeightsPerEpoch[^1]);
    }

    [Fact]
    public void Warm_up_epochs_are_ignored()
    {
        var es = new EarlyStopping("score", patience: 1, startFromEpoch: 1, restoreBestWeights: true);
        var run = new ScriptedRun([0.1, 5, 4, 4.5, 4.6]);
        var h = run.Fit(es);
        h.LastEpoch.Should().Be(3);
        es.BestEpoch.Should().Be(2);
        h.RestoredEpoch.Should().Be(2);
    }

    [Fact]
    public void The_same_instance_is_reset_between_fits()
    {
        var es = new EarlyStopping("score", restoreBestWeights: true);
        new ScriptedRun([1, 2, 0]).Fit(es).LastEpoch.Should().Be(1);
        es.BestValue.Should().Be(1);

        var second = new ScriptedRun([5, 4, 3]);
        var h = second.Fit(es);
        h.StopReason.Should().Be(StopReason.MaxEpochs);
        es.BestValue.Should().Be(3);
        es.StoppedEpoch.Should().BeNull();
        h.RestoredEpoch.Should().Be(2);
    }

    [Fact]
    public void NaN_is_never_an_improvement()
    {
        var es = new EarlyStopping("score", patience: 1, restoreBestWeights: true);
        var run = new ScriptedRun([1, double.NaN, double.NaN, 0.5]);
        var h = run.Fit(es);
        h.LastEpoch.Should().Be(1);
        es.BestEpoch.Should().Be(0);
        run.Weights().Should().Equal(run.WeightsPerEpoch[0]);
    }

    [Fact]
    public void A_missing_monitor_fails_with_the_logged_names()
    {
        var act = () => new ScriptedRun([1, 2]).Fit(new EarlyStopping());
        act.Should().Throw<InvalidOperationException>().WithMessage("*'val_data_loss'*data_loss*validation*");
    }

    [Fact]
    public void Default_monitor_is_the_validation_data_loss_and_bad_arguments_are_rejected()
    {
        new EarlyStopping().Monitor.Should().Be(LogKeys.ValidationDataLoss);
        new ReduceLROnPlateau().Monitor.Should().Be(LogKeys.ValidationDataLoss);
        ((Action)(() => _ = new EarlyStopping(patience: -1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new EarlyStopping(minDelta: -0.1))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*minDelta*");
        ((Action)(() => _ = new EarlyStopping(baseline: double.NaN))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Cancellation_stops_cleanly_between_batches_and_still_restores_the_best_weights()
    {
        using var cts = new CancellationTokenSource();
        var run = new ScriptedRun([2, 1, 3, 4, 5]);
        var cancel = new CancelAt(cts, epoch: 2, batch: 1);
        var h = run.Fit(5, cts.Token, cancel, new EarlyStopping("score", patience: 10, restoreBestWeights: true));

        h.StopReason.Should().Be(StopReason.Cancelled);
        h.Epochs.Should().HaveCount(3);
        cancel.BatchesRun.Should().Be((2 * 4) + 2);              // 4 batches per epoch; epoch 2 stopped after its 2nd batch
        run.Optimizer.Iterations.Should().Be(cancel.BatchesRun);
        h.RestoredEpoch.Should().Be(1);
        run.Weights().Should().Equal(run.WeightsPerEpoch[1]);
    }

    private sealed class CancelAt(CancellationTokenSource cts, int epoch, int batch) : Callback
    {
        public int BatchesRun { get; private set; }

        public override void OnBatchEnd(TrainingContext context)
        {
            BatchesRun++;
            if (context.Epoch == epoch && context.Batch == batch)
            {
                cts.Cancel();
            }
        }
    }

    private sealed class Probe(Func<TrainingContext, double> read) : Callback
    {
        public List<double> Values { get; } = [];

        public override void OnEpochEnd(TrainingContext context) => Values.Add(read(context));
    }

    private sealed class WeightsProbe(ScriptedRun run) : Callback
    {
        public List<double[]> AtEpochEnd { get; } = [];

        public double[] AtTrainEnd { get; private set; } = [];

        public override void OnEpochEnd(TrainingContext context) => AtEpochEnd.Add(run.Weights());

        public override void OnTrainEnd(TrainingContext context) => AtTrainEnd = run.Weights();
    }
}
