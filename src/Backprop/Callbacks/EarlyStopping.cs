using Backprop.Training;

namespace Backprop.Callbacks;

/// <summary>
/// Stops training when a monitored value stops improving, and optionally puts back the best weights.
/// </summary>
/// <remarks>
/// <para>After each epoch from <see cref="StartFromEpoch"/> on: the value x of <see cref="Monitor"/> is read
/// (a missing key throws, naming what was logged); the epoch counter "wait" grows by one; if x improves on the best
/// value so far by more than <see cref="MinDelta"/> (absolute, or relative to |best|, see <see cref="MinDeltaMode"/>)
/// it becomes the best (and, with <see cref="RestoreBestWeights"/>, the weights are copied) and — when there is no
/// <see cref="Baseline"/> or x also beats the baseline — wait resets to 0. When wait reaches <see cref="Patience"/>,
/// training stops with <see cref="StopReason.PatienceExhausted"/>, or <see cref="StopReason.BaselineNotReached"/> if
/// the baseline was never beaten. NaN never counts as an improvement.</para>
/// <para><b>Restore-best</b>: with <see cref="RestoreBestWeights"/> the best epoch's weights are restored when training
/// ends — whether it stopped early, ran all epochs, was cancelled or hit NaN — and the epoch is recorded in
/// <see cref="History.RestoredEpoch"/>. (Keras only restores when patience ran out.)</para>
/// <para>State is reset at the start of every <c>Fit</c>, so one instance can serve several calls.
/// Example: <c>new EarlyStopping(patience: 5, restoreBestWeights: true)</c>.</para>
/// </remarks>
public sealed class EarlyStopping : Callback
{
    private readonly MonitoredValue _monitor;
    private WeightsSnapshot? _best;
    private bool _baselineBeaten;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The logged name to watch (default <c>val_data_loss</c>: validation loss without regularization).</param>
    /// <param name="minDelta">Minimum change that counts as improvement (≥ 0, default 0).</param>
    /// <param name="patience">Epochs without improvement before stopping (≥ 0, default 0 as in Keras).</param>
    /// <param name="mode">Min, max, or inferred from the name (default).</param>
    /// <param name="baseline">A value the monitored quantity must beat; until it does, improvements do not reset the patience.</param>
    /// <param name="restoreBestWeights">Restore the best epoch's weights when training ends.</param>
    /// <param name="startFromEpoch">Zero-based epoch from which values are considered (warm-up; default 0).</param>
    /// <param name="minDeltaMode">Whether <paramref name="minDelta"/> is absolute (default) or relative to the best value.</param>
    public EarlyStopping(
        string monitor = LogKeys.ValidationDataLoss,
        double minDelta = 0,
        int patience = 0,
        MonitorMode mode = MonitorMode.Auto,
        double? baseline = null,
        bool restoreBestWeights = false,
        int startFromEpoch = 0,
        ThresholdMode minDeltaMode = ThresholdMode.Absolute)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(startFromEpoch);
        if (baseline is double b && !double.IsFinite(b))
        {
            throw new ArgumentOutOfRangeException(nameof(baseline), b, "The baseline must be finite (or null for none).");
        }

        _monitor = Callbacks.MonitoredValue.Create(monitor, mode, minDelta, minDeltaMode, nameof(minDelta));
        Mode = mode;
        Patience = patience;
        Baseline = baseline;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
        BestValue = _monitor.Worst;
    }

    /// <summary>The logged name being watched.</summary>
    public string Monitor => _monitor.Key;

    /// <summary>The mode as given (see <see cref="Maximizes"/> for the resolved direction).</summary>
    public MonitorMode Mode { get; }

    /// <summary>True when higher values are better (resolved from <see cref="Mode"/>).</summary>
    public bool Maximizes => _monitor.Maximize;

    /// <summary>Minimum improvement.</summary>
    public double MinDelta => _monitor.Delta;

    /// <summary>Whether <see cref="MinDelta"/> is absolute or relative.</summary>
    public ThresholdMode MinDeltaMode => _monitor.Threshold;

    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; }

    /// <summary>The value to beat, or null.</summary>
    public double? Baseline { get; }

    /// <summary>Whether the best weights are restored at the end of training.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>First zero-based epoch that is monitored.</summary>
    public int StartFromEpoch { get; }

    /// <summary>The best value seen in the current (or last) Fit (±∞ before any).</summary>
    public double BestValue { get; private set; }

    /// <summary>Zero-based epoch of <see cref="BestValue"/>, or null.</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>Zero-based epoch at which this callback stopped training, or null.</summary>
    public int? StoppedEpoch { get; private set; }

    /// <summary>Epochs since the last improvement that reset the patience.</summary>
    public int Wait { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        Wait = 0;
        BestValue = _monitor.Worst;
        BestEpoch = null;
        StoppedEpoch = null;
        _best = null;
        _baselineBeaten = Baseline is null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Epoch < StartFromEpoch)
        {
            return;
        }

        double current = _monitor.Read(context);
        Wait++;
        if (_monitor.Improves(current, BestValue))
        {
            BestValue = current;
            BestEpoch = context.Epoch;
            if (RestoreBestWeights)
            {
                _best = context.Model.CaptureWeights();
            }

            if (Baseline is not double baseline || _monitor.Improves(current, baseline))
            {
                _baselineBeaten = true;
                Wait = 0;
                return;
            }
        }

        if (Wait >= Patience)
        {
            StoppedEpoch = context.Epoch;
            context.StopTraining(_baselineBeaten ? StopReason.PatienceExhausted : StopReason.BaselineNotReached);
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (RestoreBestWeights && _best is not null && BestEpoch is int epoch)
        {
            context.Model.RestoreWeights(_best);
            context.MarkWeightsRestored(epoch);
        }

        _best = null;
    }
}
