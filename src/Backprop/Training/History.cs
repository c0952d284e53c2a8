using Backprop.Metrics;

namespace Backprop.Training;

/// <summary>What <c>Fit</c> returns: the logs of every epoch that ran, why training stopped, and the metrics it computed.</summary>
/// <remarks>Thread safety: written by Fit on its thread while it runs; read it from a callback or once Fit has
/// returned.</remarks>
public sealed partial class History
{
    private readonly List<EpochLogs> _epochs = [];

    internal History(IReadOnlyList<Metric> metrics) => Metrics = metrics;

    /// <summary>
    /// The metrics <c>Fit</c> computed (those given, or <see cref="DefaultMetrics"/>): pass them to <c>Evaluate</c> to
    /// measure the same things on test data — the model itself does not remember them.
    /// </summary>
    public IReadOnlyList<Metric> Metrics { get; }

    /// <summary>Logs per epoch, in order.</summary>
    public IReadOnlyList<EpochLogs> Epochs => _epochs;

    /// <summary>Why training ended.</summary>
    public StopReason StopReason { get; internal set; } = StopReason.MaxEpochs;

    /// <summary>
    /// Zero-based index of the last epoch that ran (its <see cref="EpochLogs.Epoch"/>: with <c>FitOptions.InitialEpoch</c>
    /// = 3 and 6 epochs, 5), or −1 when none did.
    /// </summary>
    public int LastEpoch => _epochs.Count == 0 ? -1 : _epochs[^1].Epoch;

    /// <summary>
    /// Zero-based epoch whose weights the model holds at the end when a callback restored the best weights,
    /// else null.
    /// </summary>
    public int? RestoredEpoch { get; internal set; }

    /// <summary>
    /// Zero-based (epoch, batch) whose training objective was NaN or infinite when <c>Fit</c> stopped for it
    /// (<see cref="FitOptions{T}.StopOnNonFiniteLoss"/>), else null.
    /// </summary>
    public (int Epoch, int Batch)? NonFiniteLossAt { get; internal set; }

    /// <summary>The series of one logged value over the epochs (NaN where an epoch did not log it).</summary>
    /// <param name="key">The name, e.g. "val_loss".</param>
    /// <returns>One value per epoch.</returns>
    public IReadOnlyList<double> this[string key]
        => _epochs.Select(e => e.TryGetValue(key, out var v) ? v : double.NaN).ToArray();

    internal void Add(EpochLogs logs) => _epochs.Add(logs);

    /// <summary>Replaces the epochs so far with a checkpoint's (resuming a Fit).</summary>
    internal void Restore(IEnumerable<EpochLogs> epochs, (int Epoch, int Batch)? nonFiniteLossAt)
    {
        _epochs.Clear();
        _epochs.AddRange(epochs);
        NonFiniteLossAt = nonFiniteLossAt;
    }
}
