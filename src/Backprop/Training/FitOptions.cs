using System.Numerics;
using Backprop.Augmentation;
using Backprop.Data;
using Backprop.Metrics;

namespace Backprop.Training;

/// <summary>Everything <c>Fit</c> can be told besides the data, loss and optimizer. Defaults follow Keras.</summary>
/// <remarks>Thread safety: init-only, but it holds what one Fit uses — callbacks, metrics, the augmentation pipeline —
/// which keep state: share an options object only between Fits that do not run at the same time.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class FitOptions<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Maximum number of passes over the training data (≥ 1; default 1).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>
    /// Zero-based epoch at which to start (Keras' <c>initial_epoch</c>; default 0): epochs <c>InitialEpoch</c> to
    /// <see cref="Epochs"/> − 1 run, with the shuffling, augmentation and learning-rate schedule of those epochs, and
    /// <see cref="History"/> holds only them. To continue a run exactly — optimizer, callbacks and history included —
    /// use the <c>BackupAndRestore</c> callback, whose checkpoint sets the starting epoch itself.
    /// </summary>
    public int InitialEpoch { get; init; }

    /// <summary>Samples per gradient step (≥ 1; default 32). The last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Held-out data evaluated after each epoch (logged with a <c>val_</c> prefix).</summary>
    public Dataset<T>? ValidationData { get; init; }

    /// <summary>
    /// Fraction in [0, 1) of the training data to hold out for validation when <see cref="ValidationData"/> is null.
    /// The held-out rows are a seeded random (or stratified) subset, not the last rows.
    /// </summary>
    public double ValidationSplit { get; init; }

    /// <summary>Stratify the validation split by class (classification targets only).</summary>
    public bool StratifyValidationSplit { get; init; }

    /// <summary>Reshuffle the training rows every epoch (default true).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed for weight initialisation (if the model is not built yet), the validation split and shuffling.</summary>
    public int Seed { get; init; }

    /// <summary>Callbacks, run in order.</summary>
    public IReadOnlyList<Callback> Callbacks { get; init; } = [];

    /// <summary>
    /// Metrics computed on training batches and validation data. When null, classification losses get
    /// <see cref="Accuracy"/> by default.
    /// </summary>
    public IReadOnlyList<Metric>? Metrics { get; init; }

    /// <summary>
    /// Receives one report per epoch. Contract: <c>Fit</c> calls <see cref="IProgress{T}.Report"/> synchronously on the
    /// thread that called <c>Fit</c>, exactly once for every epoch in <see cref="History.Epochs"/>, in epoch order, after
    /// that epoch's <see cref="Callback.OnEpochEnd"/> hooks; the last report is made before <c>Fit</c> returns.
    /// What happens next is up to the <see cref="IProgress{T}"/>: <see cref="Progress{T}"/> posts each report to the
    /// <see cref="SynchronizationContext"/> it captured or, when there is none (console apps, services, tests), to the
    /// thread pool, so its handler can run out of order, concurrently, and after <c>Fit</c> has returned. To handle the
    /// reports in order on the training thread, pass a <see cref="SynchronousProgress{T}"/>.
    /// </summary>
    public IProgress<EpochProgress>? Progress { get; init; }

    /// <summary>
    /// Augmentation applied to training batches only (never to validation data, <c>Evaluate</c> or <c>Predict</c>).
    /// Its statistics are prepared on the training part after any validation split.
    /// </summary>
    public AugmentationPipeline<T>? Augmentation { get; init; }

    /// <summary>
    /// Prepare the next augmented batch on a background task while the current one trains (true), or augment each
    /// batch in place, in parallel on the kernel threads (false). Null (default) prefetches only when
    /// <see cref="BackpropSettings.MaxThreads"/> leaves a core idle. Results are identical either way.
    /// </summary>
    public bool? PrefetchAugmentation { get; init; }

    /// <summary>
    /// When true (default), a batch whose training objective (data loss + penalty) is NaN or infinite ends <c>Fit</c>
    /// before its update is applied, with <see cref="StopReason.NaN"/> and <see cref="History.NonFiniteLossAt"/>
    /// naming the epoch and batch; the model keeps the last finite weights (those of the previous step, or — if a
    /// step already made a weight non-finite — those at the start of that epoch). Keras and PyTorch keep training
    /// on NaN unless asked (Keras' <c>TerminateOnNaN</c>); a NaN model is never useful, so Backprop stops by default.
    /// </summary>
    public bool StopOnNonFiniteLoss { get; init; } = true;

    /// <summary>
    /// Data-parallel training (null, the default: this process alone): this process is one rank of
    /// <see cref="ICollective.Size"/> that each train the same model on their shard of every batch — e.g.
    /// <c>MpiCommunicator.World</c> from the <c>Backprop.Distributed</c> package, started by <c>mpiexec</c>. Every rank must
    /// call <c>Fit</c> with the same model, data and options. Rank 0's initial weights are broadcast; each global batch of
    /// <see cref="BatchSize"/> rows is split into contiguous per-rank shards; the ranks' gradients are summed in one
    /// all-reduce per step, so all ranks apply the same update; metrics and validation are combined over the ranks; only
    /// rank 0 runs <see cref="Callbacks"/> and <see cref="Progress"/> (so only it writes files) and its decisions to stop or
    /// change the learning rate reach every rank; its <see cref="CancellationToken"/> is the one that counts. A rank that
    /// throws aborts the job (<see cref="ICollective.Abort"/>). See docs/scaling.md.
    /// </summary>
    public ICollective? Distributed { get; init; }

    /// <summary>Stops training cleanly between batches (<see cref="StopReason.Cancelled"/>); weights stay consistent.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Throws when an option is out of range or two options contradict each other.</summary>
    internal void Validate()
    {
        Guard.AtLeast(Epochs, 1, nameof(Epochs));
        if (InitialEpoch < 0 || InitialEpoch >= Epochs)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialEpoch), InitialEpoch, $"'InitialEpoch' must be in [0, Epochs) = [0, {Epochs}); got {InitialEpoch}.");
        }

        Guard.AtLeast(BatchSize, 1, nameof(BatchSize));
        Guard.InRange(ValidationSplit, 0, 1, nameof(ValidationSplit), maxExclusive: true);
        if (ValidationSplit > 0 && ValidationData is not null)
        {
            throw new ArgumentException("Give either validation data or a validation split, not both.", nameof(ValidationData));
        }

        if (StratifyValidationSplit && ValidationSplit == 0)
        {
            throw new ArgumentException("'StratifyValidationSplit' stratifies the ValidationSplit, but no ValidationSplit is given; set one (e.g. 0.1) or leave StratifyValidationSplit false.", nameof(StratifyValidationSplit));
        }
    }
}
