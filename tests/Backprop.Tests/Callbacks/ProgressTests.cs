using Backprop.Callbacks;
using Backprop.Training;

namespace Backprop.Tests.Callbacks;

/// <summary>The <see cref="IProgress{T}"/> contract of Fit, and <see cref="SynchronousProgress{T}"/>.</summary>
public class ProgressTests
{
    [Fact]
    public void Fit_reports_every_epoch_exactly_once_in_order_on_the_thread_that_called_fit()
    {
        var events = new List<string>();
        var reports = new List<(int Epoch, int Thread, EpochLogs Logs)>();
        var progress = new Recording(p => { reports.Add((p.Epoch, Environment.CurrentManagedThreadId, p.Logs)); events.Add($"report {p.Epoch}"); });
        var run = new ScriptedRun([5, 4, 3, 3.5, 3.6, 1, 1]);
        History? history = null;
        int fitThread = 0;

        // A dedicated thread, so "the calling thread" is one no thread-pool work item could run on.
        var thread = new Thread(() =>
        {
            fitThread = Environment.CurrentManagedThreadId;
            history = run.Fit(7, default, progress, new Events(events), new EarlyStopping("score", patience: 2));
        });
        thread.Start();
        thread.Join();

        history!.LastEpoch.Should().Be(4, "early stopping ended training after epoch 4");
        reports.Select(r => r.Epoch).Should().Equal(0, 1, 2, 3, 4);
        reports.Should().OnlyContain(r => r.Thread == fitThread);
        reports.Select(r => r.Logs).Should().Equal(history.Epochs);
        events.Should().Equal(
            "begin 0", "end 0", "report 0", "begin 1", "end 1", "report 1", "begin 2", "end 2", "report 2",
            "begin 3", "end 3", "report 3", "begin 4", "end 4", "report 4", "train end");
    }

    [Fact]
    public void Synchronous_progress_runs_the_handler_on_the_reporting_thread_before_report_returns()
    {
        var seen = new List<(int Value, int Thread)>();
        var progress = new SynchronousProgress<int>(v => seen.Add((v, Environment.CurrentManagedThreadId)));
        int reporter = 0;
        Exception? failure = null;

        var thread = new Thread(() =>
        {
            reporter = Environment.CurrentManagedThreadId;
            try
            {
                for (int i = 0; i < 1000; i++)
                {
                    progress.Report(i);
                    if (seen.Count != i + 1)
                    {
                        throw new InvalidOperationException($"report {i} had not been handled when Report returned");
                    }
                }
            }
            catch (InvalidOperationException e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();

        failure.Should().BeNull();
        seen.Select(s => s.Value).Should().Equal(Enumerable.Range(0, 1000));
        seen.Should().OnlyContain(s => s.Thread == reporter);
    }

    [Fact]
    public void Synchronous_progress_in_fit_sees_the_epochs_in_order_and_its_exceptions_come_out_of_fit()
    {
        var epochs = new List<int>();
        new ScriptedRun([1, 2, 3, 4]).Fit(4, default, new SynchronousProgress<EpochProgress>(p => epochs.Add(p.Epoch)));
        epochs.Should().Equal(0, 1, 2, 3);

        var failing = new SynchronousProgress<EpochProgress>(p => throw new InvalidDataException($"handler failed at {p.Epoch}"));
        var act = () => new ScriptedRun([1, 2]).Fit(2, default, failing);
        act.Should().Throw<InvalidDataException>().WithMessage("handler failed at 0");

        ((Action)(() => _ = new SynchronousProgress<int>(null!))).Should().Throw<ArgumentNullException>();
    }

    private sealed class Recording(Action<EpochProgress> onReport) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value) => onReport(value);
    }

    private sealed class Events(List<string> events) : Callback
    {
        public override void OnEpochBegin(TrainingContext context) => events.Add($"begin {context.Epoch}");

        public override void OnEpochEnd(TrainingContext context) => events.Add($"end {context.Epoch}");

        public override void OnTrainEnd(TrainingContext context) => events.Add("train end");
    }
}
