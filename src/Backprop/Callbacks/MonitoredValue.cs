using Backprop.Metrics;
using Backprop.Training;

namespace Backprop.Callbacks;

/// <summary>
/// The monitored quantity shared by <see cref="EarlyStopping"/> and <see cref="ReduceLROnPlateau"/>: which logged key,
/// which direction is better, and what counts as an improvement.
/// </summary>
/// <remarks>
/// <see cref="MonitorMode.Min"/> and <see cref="MonitorMode.Max"/> fix the direction at construction.
/// <see cref="MonitorMode.Auto"/> is resolved by <see cref="Resolve"/> at the start of every <c>Fit</c>, because only
/// then are the metrics known (Keras 3's <c>MonitorCallback._set_monitor_op</c> rule, checked before the first batch
/// instead of after the first epoch): with the <c>val_</c> prefix stripped, a key that is the
/// <see cref="Metric.Name"/> of one of <see cref="TrainingContext.Metrics"/> takes that metric's
/// <see cref="Metric.HigherIsBetter"/>; otherwise a loss key of the ledger (<c>loss</c>, <c>data_loss</c>,
/// <c>penalty</c>) is minimised; anything else throws.
/// </remarks>
internal sealed class MonitoredValue
{
    private static readonly string[] LossKeys = [LogKeys.Loss, LogKeys.DataLoss, LogKeys.Penalty];

    public MonitoredValue(string owner, string key, MonitorMode mode, double delta, ThresholdMode threshold, string deltaName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Guard.NonNegative(delta, deltaName);

        Guard.Defined(mode, nameof(mode));

        Owner = owner;
        Key = key;
        Mode = mode;
        Delta = delta;
        Threshold = threshold;
        Maximize = mode switch
        {
            MonitorMode.Max => true,
            MonitorMode.Min => false,
            _ => null,
        };
    }

    /// <summary>The callback's name, for messages.</summary>
    public string Owner { get; }

    public string Key { get; }

    public MonitorMode Mode { get; }

    public double Delta { get; }

    public ThresholdMode Threshold { get; }

    /// <summary>True when higher is better; null while <see cref="MonitorMode.Auto"/> has not been resolved.</summary>
    public bool? Maximize { get; private set; }

    /// <summary>The starting "best": +∞ when minimising, −∞ when maximising.</summary>
    public double Worst => ResolvedMaximize ? double.NegativeInfinity : double.PositiveInfinity;

    private bool ResolvedMaximize => Maximize ?? throw new InvalidOperationException($"{Owner}: the direction of '{Key}' is resolved at the start of Fit (OnTrainBegin).");

    /// <summary>Resolves <see cref="MonitorMode.Auto"/> from the metrics of this <c>Fit</c> (again on every call).</summary>
    /// <param name="context">The training context.</param>
    /// <exception cref="InvalidOperationException">In auto mode, when the key is neither a metric of this Fit nor a loss.</exception>
    public void Resolve(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Mode == MonitorMode.Auto)
        {
            Maximize = AutoDirection(context.Metrics);
        }
    }

    /// <summary>True when <paramref name="current"/> beats <paramref name="reference"/> by more than the threshold. NaN never improves.</summary>
    public bool Improves(double current, double reference)
    {
        bool maximize = ResolvedMaximize;
        if (double.IsNaN(current))
        {
            return false;
        }

        if (double.IsInfinity(reference))
        {
            return maximize ? current > reference : current < reference;
        }

        double margin = Threshold == ThresholdMode.Relative ? Delta * Math.Abs(reference) : Delta;
        return maximize ? current > reference + margin : current < reference - margin;
    }

    /// <summary>The monitored value of the current epoch.</summary>
    /// <exception cref="InvalidOperationException">The key was not logged; the message lists what was.</exception>
    public double Read(TrainingContext context)
    {
        if (!context.Logs.TryGetValue(Key, out double value))
        {
            throw new InvalidOperationException(
                $"{Owner}: the monitored value '{Key}' was not logged in epoch {context.Epoch}; logged: {string.Join(", ", context.Logs.Keys)}. " +
                (Key.StartsWith(LogKeys.ValidationPrefix, StringComparison.Ordinal)
                    ? "Give Fit validation data (validationData or validationSplit) or monitor a training value such as \"data_loss\"."
                    : "Monitor one of the logged names."));
        }

        return value;
    }

    private bool AutoDirection(IReadOnlyList<Metric> metrics)
    {
        string name = Key.StartsWith(LogKeys.ValidationPrefix, StringComparison.Ordinal) ? Key[LogKeys.ValidationPrefix.Length..] : Key;
        foreach (var metric in metrics)
        {
            if (string.Equals(metric.Name, name, StringComparison.Ordinal))
            {
                return metric.HigherIsBetter;
            }
        }

        if (Array.IndexOf(LossKeys, name) >= 0)
        {
            return false;
        }

        string known = metrics.Count == 0 ? "none" : string.Join(", ", metrics.Select(m => m.Name));
        throw new InvalidOperationException(
            $"{Owner} monitors '{Key}' with mode Auto, but cannot tell whether it should go up or down: '{name}' is not a loss " +
            $"({string.Join(", ", LossKeys)}, with or without the '{LogKeys.ValidationPrefix}' prefix) and no metric of this Fit is named so " +
            $"(metrics: {known}). Pass mode: MonitorMode.Max if higher values are better, or MonitorMode.Min if lower values are.");
    }
}
