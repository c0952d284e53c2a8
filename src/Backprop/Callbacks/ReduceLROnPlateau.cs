using Backprop.Training;

namespace Backprop.Callbacks;

/// <summary>
/// Multiplies the learning rate by <see cref="Factor"/> when a monitored value has not improved for
/// <see cref="Patience"/> epochs (Keras 3's <c>ReduceLROnPlateau</c> step; the deliberate differences — the auto
/// direction, the relative threshold by default, a missing key throws — are listed in <c>docs/callbacks.md</c>).
/// </summary>
/// <remarks>
/// <para><b>Direction</b>: <see cref="MonitorMode.Min"/>, <see cref="MonitorMode.Max"/>, or
/// <see cref="MonitorMode.Auto"/> resolved when <c>Fit</c> starts by the same rule as <see cref="EarlyStopping"/>: a
/// metric of that Fit gives its <see cref="Metrics.Metric.HigherIsBetter"/>, a loss key is minimised, any other key
/// throws an <see cref="InvalidOperationException"/> before the first batch.</para>
/// <para><b>After each epoch</b> (the best starts at +∞ when minimising, −∞ when maximising): the value of
/// <see cref="Monitor"/> is read (a missing key throws, naming what was logged); if in cooldown, the cooldown counter
/// decreases and wait resets to 0; if the value improves on the best by more than <see cref="Threshold"/> (relative to
/// |best| by default, or absolute; NaN never improves) it becomes the best and wait resets; otherwise, outside cooldown,
/// wait grows by one and when it reaches <see cref="Patience"/> the learning rate becomes
/// <c>max(lr·factor, minLearningRate)</c> (only if lr &gt; minLearningRate), the cooldown starts and wait resets.
/// The new rate applies from the next epoch; <c>lr</c> in the logs is the rate the epoch ran with.
/// State is reset at the start of every <c>Fit</c> (a Fit resumed by <see cref="BackupAndRestore"/> gets it back).
/// Example: <c>new ReduceLROnPlateau(factor: 0.5, patience: 3)</c>.</para>
/// <para>Thread safety: keeps state for one <c>Fit</c>: Fit calls it in order from the thread that runs Fit; do not
/// share one instance between two Fits running at once.</para>
/// </remarks>
public sealed class ReduceLROnPlateau : Callback
{
    private readonly MonitoredValue _monitor;
    private int _cooldownCounter;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The logged name to watch (default <c>val_data_loss</c>).</param>
    /// <param name="factor">Multiplier in (0, 1) (default 0.1).</param>
    /// <param name="patience">Epochs without improvement before reducing (≥ 0, default 10).</param>
    /// <param name="mode">Min, max, or auto (default): the direction from the metric of that name, min for losses (see <see cref="MonitorMode.Auto"/>).</param>
    /// <param name="threshold">Minimum improvement (≥ 0, default 1e−4).</param>
    /// <param name="thresholdMode">Relative to |best| (default, as PyTorch) or absolute (as Keras's min_delta).</param>
    /// <param name="cooldown">Epochs to wait after a reduction before counting again (≥ 0).</param>
    /// <param name="minLearningRate">Lower bound on the learning rate (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A factor outside (0, 1), a negative patience or cooldown, or a negative or non-finite threshold or minimum learning rate.</exception>
    public ReduceLROnPlateau(
        string monitor = LogKeys.ValidationDataLoss,
        double factor = 0.1,
        int patience = 10,
        MonitorMode mode = MonitorMode.Auto,
        double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Relative,
        int cooldown = 0,
        double minLearningRate = 0)
    {
        Guard.InRange(factor, 0, 1, nameof(factor), minExclusive: true, maxExclusive: true);

        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        Guard.NonNegative(minLearningRate, nameof(minLearningRate));

        _monitor = new MonitoredValue(nameof(ReduceLROnPlateau), monitor, mode, threshold, thresholdMode, nameof(threshold));
        Factor = factor;
        Patience = patience;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
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

    /// <summary>The learning-rate multiplier.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement before a reduction.</summary>
    public int Patience { get; }

    /// <summary>Minimum improvement.</summary>
    public double Threshold => _monitor.Delta;

    /// <summary>Whether <see cref="Threshold"/> is relative or absolute.</summary>
    public ThresholdMode ThresholdMode => _monitor.Threshold;

    /// <summary>Epochs of cooldown after a reduction.</summary>
    public int Cooldown { get; }

    /// <summary>The learning rate never goes below this.</summary>
    public double MinLearningRate { get; }

    /// <summary>The best value in the current (or last) Fit: ±∞ (the worst) until an epoch improves; NaN before any Fit.</summary>
    public double BestValue { get; private set; } = double.NaN;

    /// <summary>Epochs since the last improvement.</summary>
    public int Wait { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        _monitor.Resolve(context);
        BestValue = _monitor.Worst;
        Wait = 0;
        _cooldownCounter = 0;
    }

    /// <inheritdoc/>
    /// <remarks>Saves the best value, the wait and the cooldown counter (the learning rate itself is the optimizer's, saved with it).</remarks>
    public override void SaveState(CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Set("best", BestValue);
        state.Set("wait", Wait);
        state.Set("cooldown_counter", _cooldownCounter);
    }

    /// <inheritdoc/>
    public override void LoadState(CallbackState state, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        BestValue = state.GetDouble("best");
        Wait = state.GetInt32("wait");
        _cooldownCounter = state.GetInt32("cooldown_counter");
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        double current = _monitor.Read(context);
        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            Wait = 0;
        }

        if (_monitor.Improves(current, BestValue))
        {
            BestValue = current;
            Wait = 0;
        }
        else if (_cooldownCounter == 0)
        {
            Wait++;
            if (Wait >= Patience)
            {
                double lr = context.LearningRate;
                if (lr > MinLearningRate)
                {
                    context.LearningRate = Math.Max(lr * Factor, MinLearningRate);
                    _cooldownCounter = Cooldown;
                    Wait = 0;
                }
            }
        }
    }
}
