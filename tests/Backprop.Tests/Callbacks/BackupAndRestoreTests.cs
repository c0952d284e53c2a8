using System.Numerics;
using Backprop.Callbacks;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.Tests.Callbacks;

/// <summary>
/// BackupAndRestore resumes exactly: a run interrupted (by an exception, as a dying process, or by cancellation) and
/// rerun with the same Fit ends with the same weights, history, optimizer and callback state, bit for bit, as a run that
/// was never interrupted — with Adam, dropout, augmentation, EarlyStopping(restoreBestWeights) and ReduceLROnPlateau.
/// </summary>
public class BackupAndRestoreTests
{
    private const int Rows = 400;
    private const int Epochs = 22;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_float_run_resumed_after_crashes_is_bit_identical_to_an_uninterrupted_one(bool freshObjects)
        => ResumedAfterCrashes<float>(freshObjects, [11, 20, 21]);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_double_run_resumed_after_crashes_is_bit_identical_to_an_uninterrupted_one(bool freshObjects)
        => ResumedAfterCrashes<double>(freshObjects, [0, 13, 21]);

    [Fact]
    public void A_cancelled_fit_keeps_its_checkpoint_and_the_rerun_is_bit_identical()
    {
        var reference = new ResumeRun<float>(Rows);
        string expected = reference.Fingerprint(reference.Fit(Epochs, []));
        using var folder = new TempFolder();
        var run = new ResumeRun<float>(Rows);
        var backup = new BackupAndRestore(folder["backup"]);
        using var cancel = new CancellationTokenSource();

        var cancelled = run.Fit(Epochs, [backup, new CancelAt(3, 4, cancel)], token: cancel.Token);

        cancelled.StopReason.Should().Be(StopReason.Cancelled);
        cancelled.Epochs.Should().HaveCount(4, "the cut epoch is still logged, as any cancelled Fit");
        File.Exists(backup.CheckpointPath).Should().BeTrue("cancellation is an interruption: the checkpoint stays");
        var history = run.Fit(Epochs, [backup]);
        backup.ResumedAtEpoch.Should().Be(3, "the epoch cut short by cancellation is not saved");
        run.Fingerprint(history).Should().Be(expected);
        Directory.Exists(backup.BackupDirectory).Should().BeFalse("a Fit that ends normally deletes the backup and its now-empty folder");
    }

    [Fact]
    public void The_checkpoint_is_written_after_every_callback_has_seen_the_epoch_end()
    {
        // EarlyStopping after BackupAndRestore in the list: its state of the finished epoch must still be in the checkpoint.
        using var folder = new TempFolder();
        var backup = new BackupAndRestore(folder["backup"]);
        var run = new ResumeRun<float>(Rows);
        var late = new EarlyStopping(monitor: "val_accuracy", patience: 100, restoreBestWeights: false);
        var lateReference = new EarlyStopping(monitor: "val_accuracy", patience: 100, restoreBestWeights: false);
        var reference = new ResumeRun<float>(Rows);
        string expected = reference.Fingerprint(reference.Fit(Epochs, [lateReference]));

        FluentActions.Invoking(() => run.Fit(Epochs, [backup, late, new CrashAt(5, 0)])).Should().Throw<SimulatedCrashException>();
        var history = run.Fit(Epochs, [backup, late]);

        run.Fingerprint(history).Should().Be(expected);
        (late.BestValue, late.BestEpoch, late.Wait).Should().Be((lateReference.BestValue, lateReference.BestEpoch, lateReference.Wait));
    }

    [Fact]
    public void Without_a_checkpoint_fit_starts_afresh_and_a_finished_fit_deletes_only_its_own_files()
    {
        using var folder = new TempFolder();
        string backupFolder = folder["backup"];
        Directory.CreateDirectory(backupFolder);
        File.WriteAllText(Path.Combine(backupFolder, "notes.txt"), "mine");
        var backup = new BackupAndRestore(backupFolder);
        var run = new ResumeRun<float>(200);

        run.Fit(3, [backup]);

        backup.ResumedAtEpoch.Should().BeNull();
        File.Exists(backup.CheckpointPath).Should().BeFalse();
        File.ReadAllText(Path.Combine(backupFolder, "notes.txt")).Should().Be("mine", "Keras deletes the whole folder; Backprop only its own files");
    }

    [Fact]
    public void Delete_checkpoint_false_keeps_it_and_a_rerun_of_a_finished_fit_trains_nothing_more()
    {
        using var folder = new TempFolder();
        var backup = new BackupAndRestore(folder["backup"], deleteCheckpoint: false);
        var run = new ResumeRun<float>(200);
        var first = run.Fit(4, [backup]);
        string expected = run.Fingerprint(first);
        File.Exists(backup.CheckpointPath).Should().BeTrue();

        var again = new ResumeRun<float>(200);
        var second = again.Fit(4, [backup]);

        backup.ResumedAtEpoch.Should().Be(4);
        again.Fingerprint(second).Should().Be(expected, "the resumed Fit has nothing left to train and ends as the first did");
    }

    [Fact]
    public void A_fit_that_stopped_early_and_died_before_it_ended_ends_the_same_way_when_rerun()
    {
        using var folder = new TempFolder();
        double[] script = [1, 0.5, 0.6, 0.7, 0.2, 0.1];
        var first = new ScriptedRun(script);
        FluentActions.Invoking(() => first.Fit(new CrashAtTrainEnd(), new EarlyStopping("score", patience: 1), new BackupAndRestore(folder["backup"])))
            .Should().Throw<SimulatedCrashException>();
        first.WeightsPerEpoch.Should().HaveCount(3, "EarlyStopping stopped after epoch 2");

        var rerun = new ScriptedRun(script);
        var stopping = new EarlyStopping("score", patience: 1);
        var backup = new BackupAndRestore(folder["backup"]);
        var history = rerun.Fit(stopping, backup);

        backup.ResumedAtEpoch.Should().Be(3);
        (history.StopReason, history.Epochs.Count, stopping.StoppedEpoch).Should().Be((StopReason.PatienceExhausted, 3, 2), "the stop is part of the checkpoint");
        rerun.Weights().Should().Equal(first.WeightsPerEpoch[2]);
    }

    [Fact]
    public void A_checkpoint_is_a_model_file_that_Load_and_LoadWeights_read()
    {
        using var folder = new TempFolder();
        var backup = new BackupAndRestore(folder["backup"]);
        var run = new ResumeRun<float>(200);
        FluentActions.Invoking(() => run.Fit(5, [backup, new CrashAt(2, 0)])).Should().Throw<SimulatedCrashException>();

        var loaded = Backprop.Models.Sequential<float>.Load(backup.CheckpointPath);
        var again = new ResumeRun<float>(200).Model;
        again.Build(64);
        again.LoadWeights(backup.CheckpointPath);

        loaded.Parameters.Select(p => p.Value.Span.ToArray()).Should().BeEquivalentTo(
            again.Parameters.Select(p => p.Value.Span.ToArray()), o => o.WithStrictOrdering());
        loaded.Parameters.Should().HaveCount(4);
    }

    private static void ResumedAfterCrashes<T>(bool freshObjects, int[] crashEpochs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reference = new ResumeRun<T>(Rows);
        var referenceHistory = reference.Fit(Epochs, []);
        string expected = reference.Fingerprint(referenceHistory);
        // The crashes are placed where the checkpoint they resume from holds non-trivial state: ReduceLROnPlateau's wait
        // (after epochs 10 and 12) or its cooldown and a reduced rate (after epoch 20), EarlyStopping's wait and best
        // weights of an earlier epoch (epoch 18, restored at the end), and for epoch 0 the starting state.
        referenceHistory.Epochs.Should().HaveCount(Epochs, "the crashes must happen before the run ends");
        referenceHistory.RestoredEpoch.Should().BeLessThan(crashEpochs.Max() - 1, "the best weights to restore at the end must come from the checkpoint");
        referenceHistory["lr"][^1].Should().BeLessThan(referenceHistory["lr"][0], "ReduceLROnPlateau must have acted");

        using var folder = new TempFolder();
        var run = new ResumeRun<T>(Rows);
        var backup = new BackupAndRestore(folder["backup"]);
        int? resumedAt = null;
        foreach (int epoch in crashEpochs)
        {
            var crash = new CrashAt(epoch, batch: 3);
            FluentActions.Invoking(() => run.Fit(Epochs, [backup, crash])).Should().Throw<SimulatedCrashException>();
            crash.Crashed.Should().BeTrue();
            backup.ResumedAtEpoch.Should().Be(resumedAt);
            resumedAt = epoch;
            File.Exists(backup.CheckpointPath).Should().BeTrue("a checkpoint holds the starting state, then each finished epoch");
            if (freshObjects)
            {
                run = new ResumeRun<T>(Rows);
                backup = new BackupAndRestore(folder["backup"]);
            }
        }

        var history = run.Fit(Epochs, [backup]);

        backup.ResumedAtEpoch.Should().Be(crashEpochs[^1]);
        run.Fingerprint(history).Should().Be(expected);
        Directory.Exists(backup.BackupDirectory).Should().BeFalse();
    }
}
