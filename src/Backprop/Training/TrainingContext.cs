using Backprop.Metrics;
using Backprop.Serialization;

namespace Backprop.Training;

/// <summary>
/// What a callback sees and can change during <c>Fit</c>: the model, the position in training, the logs,
/// the learning rate, and a way to stop.
/// </summary>
/// <remarks>Thread safety: belongs to one Fit: use it from the callback methods Fit calls, on Fit's thread.</remarks>
public sealed class TrainingContext
{
    private readonly Func<double> _getLearningRate;
    private readonly Action<double> _setLearningRate;

    internal TrainingContext(
        ITrainableModel model, int epochs, int batchesPerEpoch, History history, Func<double> getLearningRate, Action<double> setLearningRate, IReadOnlyList<Metric> metrics)
    {
        Model = model;
        Epochs = epochs;
        BatchesPerEpoch = batchesPerEpoch;
        History = history;
        _getLearningRate = getLearningRate;
        _setLearningRate = setLearningRate;
        Metrics = metrics;
        Logs = new EpochLogs(0);
    }

    /// <summary>The model being trained.</summary>
    public ITrainableModel Model { get; }

    /// <summary>
    /// The metrics <c>Fit</c> computes (logged under their <see cref="Metric.Name"/>, and with a <c>val_</c> prefix on
    /// validation data). Callbacks read <see cref="Metric.HigherIsBetter"/> from here to know a monitored value's direction.
    /// </summary>
    public IReadOnlyList<Metric> Metrics { get; }

    /// <summary>The number of epochs requested.</summary>
    public int Epochs { get; }

    /// <summary>Batches in one epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>Zero-based index of the current epoch.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Zero-based index of the current batch within the epoch.</summary>
    public int Batch { get; internal set; }

    /// <summary>The training objective of the last batch, data loss + penalty (valid in batch-end hooks).</summary>
    public double BatchLoss { get; internal set; }

    /// <summary>The data loss of the last training batch, without regularization (valid in batch-end hooks).</summary>
    public double BatchDataLoss { get; internal set; }

    /// <summary>The regularization penalty of the last training batch (valid in batch-end hooks).</summary>
    public double BatchPenalty { get; internal set; }

    /// <summary>Logs of the current epoch; complete in epoch-end hooks (callbacks may add entries).</summary>
    public EpochLogs Logs { get; internal set; }

    /// <summary>The history so far.</summary>
    public History History { get; }

    /// <summary>The optimizer's learning rate; setting it takes effect at the next step.</summary>
    public double LearningRate
    {
        get => _getLearningRate();
        set => _setLearningRate(value);
    }

    /// <summary>Starts epoch <paramref name="epoch"/> with fresh logs.</summary>
    internal void BeginEpoch(int epoch)
    {
        Epoch = epoch;
        Logs = new EpochLogs(epoch);
    }

    /// <summary>Records the last batch's losses for the batch-end hooks.</summary>
    internal void EndBatch(double dataLoss, double penalty)
    {
        BatchDataLoss = dataLoss;
        BatchPenalty = penalty;
        BatchLoss = dataLoss + penalty;
    }

    /// <summary>True once a stop was requested.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>The reason given with the first stop request.</summary>
    public StopReason? RequestedStopReason { get; private set; }

    /// <summary>Asks <c>Fit</c> to stop after the current batch or epoch; the first reason given wins.</summary>
    /// <param name="reason">Why.</param>
    public void StopTraining(StopReason reason)
    {
        if (!StopRequested)
        {
            StopRequested = true;
            RequestedStopReason = reason;
        }
    }

    /// <summary>Checkpoints and model saving for this Fit (set by the trainer).</summary>
    internal FitSession? Session { get; set; }

    /// <summary>Asks <c>Fit</c> to resume from the checkpoint at <paramref name="path"/> once every <see cref="Callback.OnTrainBegin"/> has run.</summary>
    internal void ResumeFrom(string path, ModelRegistry registry) => RequireSession().RequestResume(path, registry);

    /// <summary>
    /// Asks for a checkpoint at <paramref name="path"/> once every callback has run the current hook: after every
    /// <see cref="Callback.OnEpochEnd"/> of this epoch, or — asked in <see cref="Callback.OnTrainBegin"/> — of the state
    /// training starts from.
    /// </summary>
    internal void RequestCheckpoint(string path, ModelRegistry registry) => RequireSession().RequestCheckpoint(path, registry);

    /// <summary>Saves the model (or its weights only) to <paramref name="path"/>, atomically.</summary>
    internal void SaveModel(string path, bool weightsOnly, ModelRegistry registry) => RequireSession().SaveModel(path, weightsOnly, registry);

    private FitSession RequireSession() => Session ?? throw new InvalidOperationException("Models and checkpoints are saved by callbacks during Fit only.");

    /// <summary>Records which epoch's weights the model holds after a restore (shown in the history).</summary>
    /// <param name="epoch">Zero-based epoch.</param>
    public void MarkWeightsRestored(int epoch) => History.RestoredEpoch = epoch;
}
