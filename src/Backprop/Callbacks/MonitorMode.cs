namespace Backprop.Callbacks;

/// <summary>Whether a monitored value should go down or up.</summary>
public enum MonitorMode
{
    /// <summary>
    /// Inferred from the name: <see cref="Max"/> when it contains "acc", "auc", "precision", "recall" or "f1"
    /// (e.g. <c>val_accuracy</c>), else <see cref="Min"/> (losses, errors).
    /// </summary>
    Auto,

    /// <summary>Lower is better.</summary>
    Min,

    /// <summary>Higher is better.</summary>
    Max,
}
