namespace Backprop.Callbacks;

/// <summary>Whether a monitored value should go down or up.</summary>
/// <remarks>Thread safety: a plain enum value; safe on any thread.</remarks>
public enum MonitorMode
{
    /// <summary>
    /// Resolved when <c>Fit</c> starts (OnTrainBegin), by Keras 3's rule, extended to the loss ledger: with the <c>val_</c> prefix stripped, a key
    /// equal to the <see cref="Metrics.Metric.Name"/> of one of the Fit's metrics (<see cref="Training.TrainingContext.Metrics"/>)
    /// takes that metric's <see cref="Metrics.Metric.HigherIsBetter"/> (e.g. <c>val_accuracy</c> → <see cref="Max"/>,
    /// <c>mae</c> → <see cref="Min"/>); otherwise a loss of the ledger — <c>loss</c>, <c>data_loss</c>, <c>penalty</c>
    /// and their <c>val_</c> forms — is <see cref="Min"/>; any other key throws an
    /// <see cref="InvalidOperationException"/> naming it, before the first batch: pass <see cref="Min"/> or
    /// <see cref="Max"/> for it. Names are never guessed from substrings.
    /// </summary>
    Auto,

    /// <summary>Lower is better.</summary>
    Min,

    /// <summary>Higher is better.</summary>
    Max,
}
