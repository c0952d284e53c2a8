namespace Backprop.Callbacks;

/// <summary>The comparison shared by <see cref="EarlyStopping"/> and <see cref="ReduceLROnPlateau"/>.</summary>
internal readonly record struct MonitoredValue(string Key, bool Maximize, double Delta, ThresholdMode Threshold)
{
    public static MonitoredValue Create(string key, MonitorMode mode, double delta, ThresholdMode threshold, string deltaName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (!double.IsFinite(delta) || delta < 0)
        {
            throw new ArgumentOutOfRangeException(deltaName, delta, $"{deltaName} must be finite and ≥ 0.");
        }

        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown monitor mode.");
        }

        bool maximize = mode switch
        {
            MonitorMode.Max => true,
            MonitorMode.Min => false,
            _ => IsHigherBetter(key),
        };
        return new MonitoredValue(key, maximize, delta, threshold);
    }

    /// <summary>The starting "best": +∞ when minimising, −∞ when maximising.</summary>
    public double Worst => Maximize ? double.NegativeInfinity : double.PositiveInfinity;

    /// <summary>True when <paramref name="current"/> beats <paramref name="reference"/> by more than the threshold. NaN never improves.</summary>
    public bool Improves(double current, double reference)
    {
        if (double.IsNaN(current))
        {
            return false;
        }

        if (double.IsInfinity(reference))
        {
            return Maximize ? current > reference : current < reference;
        }

        double margin = Threshold == ThresholdMode.Relative ? Delta * Math.Abs(reference) : Delta;
        return Maximize ? current > reference + margin : current < reference - margin;
    }

    public double Read(Training.TrainingContext context)
    {
        if (!context.Logs.TryGetValue(Key, out double value))
        {
            throw new InvalidOperationException(
                $"The monitored value '{Key}' was not logged in epoch {context.Epoch}; logged: {string.Join(", ", context.Logs.Keys)}. " +
                (Key.StartsWith(Training.LogKeys.ValidationPrefix, StringComparison.Ordinal)
                    ? "Give Fit validation data (validationData or validationSplit) or monitor a training value such as \"data_loss\"."
                    : "Monitor one of the logged names."));
        }

        return value;
    }

    private static bool IsHigherBetter(string key)
    {
        string name = key.StartsWith(Training.LogKeys.ValidationPrefix, StringComparison.Ordinal) ? key[Training.LogKeys.ValidationPrefix.Length..] : key;
        return name.Contains("acc", StringComparison.OrdinalIgnoreCase)
            || name.Contains("auc", StringComparison.OrdinalIgnoreCase)
            || name.Contains("precision", StringComparison.OrdinalIgnoreCase)
            || name.Contains("recall", StringComparison.OrdinalIgnoreCase)
            || name.Contains("f1", StringComparison.OrdinalIgnoreCase);
    }
}
