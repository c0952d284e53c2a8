using System.Numerics;
using Backprop.Augmentation;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Models;

/// <summary>
/// <c>Fit</c> with Keras' keyword arguments (<c>epochs:</c>, <c>batchSize:</c>, <c>validationSplit:</c>, …): a
/// shorthand for <see cref="Sequential{T}.Fit(Dataset{T}, Loss{T}, Optimizer{T}, FitOptions{T})"/> with a
/// <see cref="FitOptions{T}"/> built from the arguments.
/// </summary>
/// <remarks>Thread safety: this is <c>Fit</c>: it needs the model to itself and throws if another call is running on it
/// on another thread (see <see cref="Sequential{T}"/>).</remarks>
public static class SequentialFitArguments
{
    /// <summary>Trains the model (Keras <c>fit</c>) with named arguments.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="data">Training data.</param>
    /// <param name="loss">The loss to minimise.</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="epochs">Maximum epochs (≥ 1).</param>
    /// <param name="batchSize">Samples per step (≥ 1).</param>
    /// <param name="validationData">Held-out data evaluated each epoch.</param>
    /// <param name="validationSplit">Fraction of <paramref name="data"/> to hold out instead, in [0, 1).</param>
    /// <param name="stratifyValidationSplit">Stratify that split by class.</param>
    /// <param name="shuffle">Reshuffle each epoch.</param>
    /// <param name="seed">Seed for initialisation, splitting and shuffling.</param>
    /// <param name="callbacks">Callbacks, in order.</param>
    /// <param name="metrics">Metrics (default: accuracy for classification losses).</param>
    /// <param name="progress">Receives a report per epoch.</param>
    /// <param name="augmentation">Augmentation for training batches only (see <see cref="FitOptions{T}.Augmentation"/>).</param>
    /// <param name="cancellationToken">Stops cleanly between batches.</param>
    /// <param name="initialEpoch">Zero-based epoch to start at (Keras' <c>initial_epoch</c>; see <see cref="FitOptions{T}.InitialEpoch"/>).</param>
    /// <param name="distributed">Data-parallel training over several processes (see <see cref="FitOptions{T}.Distributed"/>), or null.</param>
    /// <returns>Per-epoch logs, the stop reason, and the metrics that were computed.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="epochs"/> or <paramref name="batchSize"/> below 1, <paramref name="validationSplit"/> outside [0, 1),
    /// or a class label outside [0, outputs) or not an integer.
    /// </exception>
    /// <exception cref="ArgumentException">Feature or target widths that do not fit the model, or both validation data and a split.</exception>
    public static History Fit<T>(
        this Sequential<T> model,
        Dataset<T> data,
        Loss<T> loss,
        Optimizer<T> optimizer,
        int epochs = 1,
        int batchSize = 32,
        Dataset<T>? validationData = null,
        double validationSplit = 0,
        bool stratifyValidationSplit = false,
        bool shuffle = true,
        int seed = 0,
        IReadOnlyList<Callback>? callbacks = null,
        IReadOnlyList<Metric>? metrics = null,
        IProgress<EpochProgress>? progress = null,
        AugmentationPipeline<T>? augmentation = null,
        CancellationToken cancellationToken = default,
        int initialEpoch = 0,
        ICollective? distributed = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Fit(data, loss, optimizer, new FitOptions<T>
        {
            Epochs = epochs,
            BatchSize = batchSize,
            ValidationData = validationData,
            ValidationSplit = validationSplit,
            StratifyValidationSplit = stratifyValidationSplit,
            Shuffle = shuffle,
            Seed = seed,
            Callbacks = callbacks ?? [],
            Metrics = metrics,
            Progress = progress,
            Augmentation = augmentation,
            CancellationToken = cancellationToken,
            InitialEpoch = initialEpoch,
            Distributed = distributed,
        });
    }
}
