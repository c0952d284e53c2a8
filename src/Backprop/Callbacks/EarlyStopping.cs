using Backprop.Training;

namespace Backprop.Callbacks;

/// <summary>
/// Stops training when a monitored value stops improving, and optionally puts back the best weights. Follows Keras 3's
/// <c>EarlyStopping</c> step for step; the deliberate differences are listed in <c>docs/callbacks.md</c>.
/// </summary>
/// <remarks>
/// <para><b>Direction</b>: <see cref="MonitorMode.Min"/> or <see cref="MonitorMode.Max"/>, or with
/// <see cref="MonitorMode.Auto"/> resolved when <c>Fit</c> starts (see <see cref="MonitorMode.Auto"/>): a metric of that
/// Fit gives its <see cref="Metrics.Metric.HigherIsBetter"/>, a loss key is minimised, any other key throws an
/// <see cref="InvalidOperationException"/> before the first batch.</para>
/// <para><b>After each epoch</b>: the value x of <see cref="Monitor"/> is read (a missing key throws, naming what was
/// logged — also during warm-up); epochs before <see cref="StartFromEpoch"/> stop there. Then "wait" grows by one.
/// x is an improvement when it is the first non-NaN value of the Fit, or beats <see cref="BestValue"/> by more than
/// <see cref="MinDelta"/> (absolute, or relative to |best|, see <see cref="MinDeltaMode"/>); NaN never is. An
/// improvement becomes the best (with <see cref="RestoreBestWeights"/> its weights are copied); wait resets to 0 only
/// if there is no <see cref="Baseline"/> or x also beats the baseline (by more than <see cref="MinDelta"/>, measured the
/// same way); and training
/// never stops on that epoch — so a run that improves every epoch is never stopped, even while it is still short of
/// the baseline. Otherwise, when wait ≥ <see cref="Patience"/> and the epoch is not epoch 0, training stops with
/// <see cref="StopReason.PatienceExhausted"/>, or <see cref="StopReason.BaselineNotReached"/> if no epoch has beaten
/// the baseline.</para>
/// <para><b>Restore-best</b> (as Keras 3, which restores in <c>on_train_end</c> only): with
/// <see cref="RestoreBestWeights"/>, the weights of the best epoch — or of the first monitored epoch while none has
/// improved (its value was NaN) — are put back when training ends, whether it stopped early, ran all epochs, was
/// cancelled or hit NaN, and whether or not the baseline was beaten; nothing is restored when no epoch was monitored.
/// That epoch is recorded in <see cref="History.RestoredEpoch"/>. Hooks that run before this callback's
/// <see cref="OnTrainEnd"/> still see the last epoch's weights.</para>
/// <para>State is reset at the start of every <c>Fit</c>, so one instance can serve several calls; a Fit resumed by
/// <see cref="BackupAndRestore"/> gets it back from the checkpoint (best weights included).
/// Example: <c>new EarlyStopping(patience: 5, restoreBestWeights: true)</c>.</para>
/// <para>Thread safety: keeps state for one <c>Fit</c>: Fit calls it in order from the thread that runs Fit; do not
/// share one instance between two Fits running at once.</para>
/// </remarks>
public sealed class EarlyStopping : Callback
{
    private readonly MonitoredValue _monitor;
    private WeightsSnapshot? _best;
    private int _bestWeightsEpoch;
    private bool _baselineBeaten;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The logged name to watch (default <c>val_data_loss</c>: validation loss without regularization).</param>
    /// <param name="minDelta">Minimum change that counts as improvement (finite, ≥ 0, default 0); it applies to the baseline too.</param>
    /// <param name="patience">Epochs without improvement before stopping (≥ 0, default 0 as in Keras): a non-improving epoch stops training once wait ≥ patience (see the remarks).</param>
    /// <param name="mode">Min, max, or auto (default): the direction from the metric of that name, min for losses (see <see cref="MonitorMode.Auto"/>).</param>
    /// <param name="baseline">A value the monitored quantity must beat; until it does, improvements do not reset the wait.</param>
    /// <param name="restoreBestWeights">Restore the best epoch's weights when training ends.</param>
    /// <param name="startFromEpoch">Zero-based epoch from which values are considered (warm-up; default 0).</param>
    /// <param name="minDeltaMode">Whether <paramref name="minDelta"/> is absolute (default, as Keras) or relative to the best value.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative patience, start epoch or min delta, or a non-finite baseline or min delta.</exception>
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
        if (baseline is double b)
        {
            Guard.Finite(b, nameof(baseline));
        }

        _monitor = new MonitoredValue(nameof(EarlyStopping), monitor, mode, minDelta, minDeltaMode, nameof(minDelta));
        Patience = patience;
        Baseline = baseline;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
    }

    /// <summary>The logged name being watched.</summary>
    public string Monitor => _monitor.Key;

    /// <summary>The mode as given (see <see cref="Maximizes"/> for the resolved direction).</summary>
    public MonitorMode Mode => _monitor.Mode;

    /// <summary>
    /// True when higher values are better, false when lower are; null in <see cref="MonitorMode.Auto"/> until a
    /// <c>Fit</c> has started (auto is resolved again at the start of every Fit, from that Fit's metrics).
    /// </summary>
    public bool? Maximizes => _monitor.Maximize;

    /// <summary>Minimum improvement.</summary>
    public double MinDelta => _monitor.Delta;

    /// <summary>Whether <see cref="MinDelta"/> is absolute or relative.</summary>
    public ThresholdMode MinDeltaMode => _monitor.Threshold;

    /// <summary>Epochs without improvement tolerated: a non-improving epoch other than epoch 0 stops training once <see cref="Wait"/> ≥ this.</summary>
    public int Patience { get; }

    /// <summary>The value to beat, or null.</summary>
    public double? Baseline { get; }

    /// <summary>Whether the best weights are restored at the end of training.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>First zero-based epoch that is monitored.</summary>
    public int StartFromEpoch { get; }

    /// <summary>The best value seen in the current (or last) Fit, or null before any monitored epoch had a non-NaN value.</summary>
    public double? BestValue { get; private set; }

    /// <summary>Zero-based epoch of <see cref="BestValue"/>, or null.</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>Zero-based epoch at which this callback stopped training, or null.</summary>
    public int? StoppedEpoch { get; private set; }

    /// <summary>Monitored epochs since wait was last reset (by an epoch that beat both the best and the baseline).</summary>
    public int Wait { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        _monitor.Resolve(context);
        Wait = 0;
        BestValue = null;
        BestEpoch = null;
        StoppedEpoch = null;
        _best = null;
        _baselineBeaten = Baseline is null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        double current = _monitor.Read(context);
        int epoch = context.Epoch;
        if (epoch < StartFromEpoch)
        {
            return;
        }

        Wait++;
        bool improved = BestValue is double best ? _monitor.Improves(current, best) : !double.IsNaN(current);
        if (RestoreBestWeights && (improved || _best is null))
        {
            // Keras: until an epoch improves, the first monitored epoch's weights stand in for the best.
            _best = context.Model.CaptureWeights();
            _bestWeightsEpoch = epoch;
        }

        if (improved)
        {
            BestValue = current;
            BestEpoch = epoch;
            if (Baseline is not double baseline || _monitor.Improves(current, baseline))
            {
                _baselineBeaten = true;
                Wait = 0;
            }

            return; // an epoch that improved on the best never stops training
        }

        if (Wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            context.StopTraining(_baselineBeaten ? StopReason.PatienceExhausted : StopReason.BaselineNotReached);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Saves the wait, the best value and epoch, the stopped epoch, whether the baseline was beaten, and the kept best weights.</remarks>
    public override void SaveState(CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Set("wait", Wait);
        state.Set("best", BestValue);
        state.Set("best_epoch", BestEpoch);
        state.Set("stopped_epoch", StoppedEpoch);
        state.Set("baseline_beaten", _baselineBeaten);
        state.Set("best_weights_epoch", _bestWeightsEpoch);
        state.SetWeights("best_weights", _best);
    }

    /// <inheritdoc/>
    public override void LoadState(CallbackState state, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        Wait = state.GetInt32("wait");
        BestValue = state.GetNullableDouble("best");
        BestEpoch = state.GetNullableInt32("best_epoch");
        StoppedEpoch = state.GetNullableInt32("stopped_epoch");
        _baselineBeaten = state.GetBoolean("baseline_beaten");
        _bestWeightsEpoch = state.GetInt32("best_weights_epoch");
        _best = state.GetWeights("best_weights");
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (RestoreBestWeights && _best is not null)
        {
            context.Model.RestoreWeights(_best);
            context.MarkWeightsRestored(_bestWeightsEpoch);
        }

        _best = null;
    }
}
