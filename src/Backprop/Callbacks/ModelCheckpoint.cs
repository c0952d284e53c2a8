using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Callbacks;

/// <summary>
/// Saves the model — or only its weights — during training, at the end of every epoch or every n batches, optionally
/// only when a monitored value improves (Keras 3's <c>ModelCheckpoint</c>). Example:
/// <c>new ModelCheckpoint("models/digits-{epoch:02d}-{val_loss:.4f}.safetensors", saveBestOnly: true)</c>.
/// </summary>
/// <remarks>
/// <para><b>File names</b>: <see cref="FilePath"/> may hold Python-style fields, filled at every save: <c>{epoch}</c>
/// (1-based, as Keras), <c>{batch}</c> (1-based within the epoch; only with <see cref="SaveFrequency.EveryBatches"/>), and
/// any logged value (<c>{val_loss:.4f}</c>, <c>{accuracy:.3f}</c>; at a batch save: <c>loss</c>, <c>data_loss</c>,
/// <c>penalty</c> of that batch). Specs follow Python: <c>[0][width][.precision][type]</c>, type d, f, e, g or %. A field
/// naming a value that is not there throws an <see cref="InvalidOperationException"/> listing what is. The folder is
/// created when needed; an existing file is replaced.</para>
/// <para><b>What is written</b>: a model file (<c>Sequential.Load</c> reads it back: architecture and weights), or with
/// <see cref="SaveWeightsOnly"/> a weights-only file (the same safetensors container and checksum, no architecture;
/// <c>model.LoadWeights(path)</c> reads it into a built model with the same parameter names and shapes). Every save is
/// atomic: a crash leaves the previous file or the new one. Neither holds optimizer state — that is
/// <see cref="BackupAndRestore"/>'s job.</para>
/// <para><b>Best only</b>: with <see cref="SaveBestOnly"/>, a save happens only when the value of <see cref="Monitor"/>
/// beats the best so far (strictly; NaN never does), starting from <see cref="InitialValueThreshold"/> or the worst value.
/// The direction is <see cref="Mode"/>, with <see cref="MonitorMode.Auto"/> resolved when Fit starts as for
/// <see cref="EarlyStopping"/>. A monitored key that was not logged throws (Keras warns and saves anyway).</para>
/// <para>The best value and the batch count are part of a <see cref="BackupAndRestore"/> checkpoint, so a resumed Fit
/// saves the same files as an uninterrupted one.</para>
/// <para>Thread safety: keeps state for one <c>Fit</c> at a time (the best value so far); Fit calls it in order from
/// the thread that runs Fit. Do not give one instance to two concurrent Fit calls.</para>
/// </remarks>
public sealed class ModelCheckpoint : Callback
{
    private readonly PathTemplate _template;
    private readonly MonitoredValue _monitor;
    private readonly ModelRegistry _registry;
    private int _batchesSinceSave;

    /// <summary>Creates the callback.</summary>
    /// <param name="filePath">The file to write, with optional fields such as <c>{epoch:02d}</c> and <c>{val_loss:.4f}</c>.</param>
    /// <param name="monitor">The logged value compared with <paramref name="saveBestOnly"/> (default <c>val_data_loss</c>, as the other callbacks).</param>
    /// <param name="mode">Min, max, or auto (default): the direction from the metric of that name, min for losses.</param>
    /// <param name="saveBestOnly">Save only when the monitored value improves on the best so far.</param>
    /// <param name="saveWeightsOnly">Write a weights-only file instead of a model file.</param>
    /// <param name="frequency">At the end of every epoch (default) or every n batches.</param>
    /// <param name="initialValueThreshold">With <paramref name="saveBestOnly"/>, the value a first save must beat (default: none).</param>
    /// <param name="registry">Names of custom layer and component types (default <see cref="ModelRegistry.Default"/>).</param>
    /// <exception cref="ArgumentException">A blank path, or a template with unbalanced braces or an unsupported format.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An unknown mode or a non-finite threshold.</exception>
    public ModelCheckpoint(
        string filePath,
        string monitor = LogKeys.ValidationDataLoss,
        MonitorMode mode = MonitorMode.Auto,
        bool saveBestOnly = false,
        bool saveWeightsOnly = false,
        SaveFrequency frequency = default,
        double? initialValueThreshold = null,
        ModelRegistry? registry = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        if (initialValueThreshold is double t && !double.IsFinite(t))
        {
            throw new ArgumentOutOfRangeException(nameof(initialValueThreshold), t, "The initial value threshold must be finite (or null for none).");
        }

        _template = new PathTemplate(filePath);
        if (frequency.IsEpoch && _template.Fields.Contains("batch"))
        {
            throw new ArgumentException($"The file path '{filePath}' uses {{batch}}, which exists only when saving every n batches (frequency: SaveFrequency.EveryBatches(n)).", nameof(filePath));
        }

        _monitor = new MonitoredValue(nameof(ModelCheckpoint), monitor, mode, 0, ThresholdMode.Absolute, "minDelta");
        SaveBestOnly = saveBestOnly;
        SaveWeightsOnly = saveWeightsOnly;
        Frequency = frequency;
        InitialValueThreshold = initialValueThreshold;
        _registry = registry ?? ModelRegistry.Default;
    }

    /// <summary>The file path template.</summary>
    public string FilePath => _template.Text;

    /// <summary>The logged name compared when <see cref="SaveBestOnly"/> is set.</summary>
    public string Monitor => _monitor.Key;

    /// <summary>The mode as given.</summary>
    public MonitorMode Mode => _monitor.Mode;

    /// <summary>True when higher values are better, false when lower are; null in auto mode until a Fit with <see cref="SaveBestOnly"/> has started.</summary>
    public bool? Maximizes => _monitor.Maximize;

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>Whether weights-only files are written.</summary>
    public bool SaveWeightsOnly { get; }

    /// <summary>When saves happen.</summary>
    public SaveFrequency Frequency { get; }

    /// <summary>The value a first save must beat with <see cref="SaveBestOnly"/>, or null.</summary>
    public double? InitialValueThreshold { get; }

    /// <summary>The best monitored value of the current (or last) Fit with <see cref="SaveBestOnly"/>: ±∞ or the threshold until a save; NaN otherwise.</summary>
    public double BestValue { get; private set; } = double.NaN;

    /// <summary>The file written last in the current (or last) Fit, or null.</summary>
    public string? LastSavedPath { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _batchesSinceSave = 0;
        LastSavedPath = null;
        BestValue = double.NaN;
        if (SaveBestOnly)
        {
            _monitor.Resolve(context);
            BestValue = InitialValueThreshold ?? _monitor.Worst;
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Frequency.IsEpoch)
        {
            Save(context, batch: null);
        }
    }

    /// <inheritdoc/>
    public override void OnBatchEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Frequency.IsEpoch && ++_batchesSinceSave >= Frequency.Batches)
        {
            _batchesSinceSave = 0;
            Save(context, context.Batch);
        }
    }

    /// <inheritdoc/>
    public override void SaveState(CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Set("best", BestValue);
        state.Set("batches_since_save", _batchesSinceSave);
    }

    /// <inheritdoc/>
    public override void LoadState(CallbackState state, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        BestValue = state.GetDouble("best");
        _batchesSinceSave = state.GetInt32("batches_since_save");
    }

    private void Save(TrainingContext context, int? batch)
    {
        var integers = new Dictionary<string, long>(StringComparer.Ordinal) { ["epoch"] = context.Epoch + 1 };
        Func<string, double?> values;
        Func<string> known;
        if (batch is int b)
        {
            integers["batch"] = b + 1;
            var batchValues = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                [LogKeys.Loss] = context.BatchLoss,
                [LogKeys.DataLoss] = context.BatchDataLoss,
                [LogKeys.Penalty] = context.BatchPenalty,
            };
            values = key => batchValues.TryGetValue(key, out double v) ? v : null;
            known = () => "epoch, batch, " + string.Join(", ", batchValues.Keys);
        }
        else
        {
            values = key => context.Logs.TryGetValue(key, out double v) ? v : null;
            known = () => "epoch, " + string.Join(", ", context.Logs.Keys);
        }

        string path = Path.GetFullPath(_template.Format(integers, values, known));
        if (SaveBestOnly)
        {
            double current = values(Monitor)
                ?? throw new InvalidOperationException($"ModelCheckpoint: the monitored value '{Monitor}' is not available at this save (epoch {context.Epoch}); available: {known()}.");
            if (!_monitor.Improves(current, BestValue))
            {
                return;
            }

            BestValue = current;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        context.SaveModel(path, SaveWeightsOnly, _registry);
        LastSavedPath = path;
    }
}
