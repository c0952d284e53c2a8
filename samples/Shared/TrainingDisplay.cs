using System.Diagnostics;
using Backprop.Training;
using Spectre.Console;

namespace Backprop.Samples;

/// <summary>
/// Shows a <c>Fit</c> run as it goes. In a terminal: two live Spectre.Console bars, one over the epochs and one over
/// the current epoch's batches, labelled with the last epoch's logs, cleared when the run ends. Redirected: at most
/// about ten plain lines per run (every k-th epoch and the last), so CI logs stay short. Either way one summary line
/// follows the run.
/// </summary>
internal static class TrainingDisplay
{
    /// <summary>Plain lines per run when the output is redirected.</summary>
    private const int PlainLines = 10;

    /// <summary>
    /// Runs <paramref name="fit"/>, which must pass the callback it is given to <c>Fit</c> (<c>callbacks: [progress]</c>),
    /// and returns its history. <paramref name="quiet"/> prints neither epoch lines nor the summary, only the live bars
    /// in a terminal (for samples that train many models and print their own line per model).
    /// </summary>
    public static History Fit(string label, Func<Callback, History> fit, bool quiet = false)
    {
        var clock = Stopwatch.StartNew();
        History history = null!;
        if (SampleConsole.Interactive)
        {
            AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx => history = fit(new BarsCallback(ctx, label)));
        }
        else
        {
            history = fit(new PlainCallback(label, !quiet));
        }

        // Redirected output already ends with the last epoch's line; the bars are gone, so a terminal gets it here.
        if (quiet)
        {
            return history;
        }

        string last = SampleConsole.Interactive && history.Epochs.Count > 0 ? "; " + Compact(history.Epochs[^1]) : "";
        SampleConsole.Line(SampleConsole.F($"{label}: {history.Epochs.Count} epochs in {clock.Elapsed.TotalSeconds:F1} s, stop: {history.StopReason}{last}"));
        return history;
    }

    /// <summary>
    /// One epoch's logs, short: the epoch, then every value but the learning rate, without the data_loss/penalty split
    /// when there is no penalty (loss and data_loss are then the same number).
    /// </summary>
    public static string Compact(EpochLogs logs)
    {
        bool penalty = logs.TryGetValue(LogKeys.Penalty, out double p) && p != 0;
        string[] skipped = penalty
            ? [LogKeys.LearningRate]
            : [LogKeys.LearningRate, LogKeys.DataLoss, LogKeys.Penalty, LogKeys.ValidationDataLoss, LogKeys.ValidationPenalty];
        return SampleConsole.F($"epoch {logs.Epoch + 1} ") + string.Join(' ', logs.Keys.Where(k => !skipped.Contains(k))
            .Select(k => SampleConsole.F($"{k}={logs[k]:G4}")));
    }

    /// <summary>Live bars: epochs and batches.</summary>
    private sealed class BarsCallback(ProgressContext progress, string label) : Callback
    {
        private ProgressTask? _epochs;
        private ProgressTask? _batches;

        public override void OnTrainBegin(TrainingContext context)
        {
            _epochs = progress.AddTask(Markup.Escape($"{label}: epochs"), maxValue: context.Epochs);
            _batches = progress.AddTask(Markup.Escape($"{label}: batches"), maxValue: context.BatchesPerEpoch);
        }

        public override void OnEpochBegin(TrainingContext context)
        {
            _batches!.Value = 0;
            _batches.Description = Markup.Escape($"{label}: epoch {context.Epoch + 1}/{context.Epochs}");
        }

        public override void OnBatchEnd(TrainingContext context) => _batches!.Increment(1);

        public override void OnEpochEnd(TrainingContext context)
        {
            _epochs!.Value = context.Epoch + 1;
            _epochs.Description = Markup.Escape($"{label}: {Compact(context.Logs)}");
        }

        public override void OnTrainEnd(TrainingContext context)
        {
            _epochs?.StopTask();
            _batches?.StopTask();
        }
    }

    /// <summary>Plain lines for redirected output.</summary>
    private sealed class PlainCallback(string label, bool epochLines) : Callback
    {
        private int _printed = -1;

        public override void OnEpochEnd(TrainingContext context)
        {
            int every = Math.Max(1, (context.Epochs + PlainLines - 1) / PlainLines);
            if ((context.Epoch + 1) % every == 0)
            {
                Print(context.Logs);
            }
        }

        /// <summary>The last epoch always gets its line, also when training stopped early.</summary>
        public override void OnTrainEnd(TrainingContext context)
        {
            if (context.History.Epochs.Count > 0)
            {
                Print(context.History.Epochs[^1]);
            }
        }

        private void Print(EpochLogs logs)
        {
            if (epochLines && logs.Epoch != _printed)
            {
                _printed = logs.Epoch;
                SampleConsole.Line($"  {label} {Compact(logs)}");
            }
        }
    }
}
