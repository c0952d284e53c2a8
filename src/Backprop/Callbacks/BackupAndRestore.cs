using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Callbacks;

/// <summary>
/// Backs up the whole training state at the end of every epoch, and resumes from it when the same <c>Fit</c> is run
/// again after an interruption (Keras 3's <c>BackupAndRestore</c>): if the process dies, rerunning the same code
/// continues after the last completed epoch, and the final weights and <see cref="History"/> are bit-identical to those
/// of a run that was never interrupted. Example:
/// <c>model.Fit(data, loss, optimizer, epochs: 100, callbacks: [new BackupAndRestore("backup")])</c>.
/// </summary>
/// <remarks>
/// <para><b>What is backed up</b>: when a Fit starts without a checkpoint, its starting state; then, after every epoch,
/// one checkpoint file, <see cref="CheckpointPath"/> — a model file (safetensors,
/// architecture, checksum; written atomically, so a crash mid-save leaves the previous checkpoint) that also holds the
/// optimizer's state (moments, step count, learning rate), the noise layers' steps, the epoch, the history so far, a
/// pending stop, and every callback's state (<see cref="Callback.SaveState"/>: <see cref="EarlyStopping"/>'s best value,
/// wait and best weights, <see cref="ReduceLROnPlateau"/>'s best, wait and cooldown, …). Shuffling and augmentation are
/// functions of (seed, epoch, sample), so they need no state. It is written after every callback's
/// <see cref="Callback.OnEpochEnd"/>, so each callback's state is that of the finished epoch.</para>
/// <para><b>Resuming</b>: when <c>Fit</c> starts and the checkpoint exists, it is checked and restored after every
/// callback's <see cref="Callback.OnTrainBegin"/>; training continues at the epoch after the last completed one. A
/// checkpoint that is corrupt or was written by another kind of Fit — another architecture, element type, optimizer type
/// or optimizer state layout, seed, batch size, shuffling, or other training data — throws an
/// <see cref="InvalidDataException"/> saying what differs; nothing is silently resumed. Callbacks are matched by type and
/// rank among callbacks of that type (<c>EarlyStopping#0</c>); one that was not in the interrupted run starts fresh.</para>
/// <para><b>Cleaning up</b>: when <c>Fit</c> ends normally the checkpoint is deleted (with
/// <see cref="DeleteCheckpoint"/>, the default), and the folder too if nothing else is in it — but not when the Fit was
/// cancelled (<see cref="StopReason.Cancelled"/>): cancellation is an interruption, and rerunning resumes after the last
/// completed epoch (an epoch cut short by cancellation is not saved). An exception that escapes <c>Fit</c> leaves the
/// checkpoint too.</para>
/// <para>The folder is this callback's own: do not share it with another run or another callback.</para>
/// <para>Thread safety: keeps state for one <c>Fit</c> at a time; Fit calls it in order from the thread that runs
/// Fit, so it needs no locking. Do not give one instance to two concurrent Fit calls.</para>
/// </remarks>
public sealed class BackupAndRestore : Callback
{
    /// <summary>The checkpoint's file name inside <see cref="BackupDirectory"/>.</summary>
    public const string FileName = "checkpoint.safetensors";

    private readonly ModelRegistry _registry;
    private int _lastEpoch = -1;

    /// <summary>Creates the callback.</summary>
    /// <param name="backupDirectory">The folder for the checkpoint (created when Fit starts).</param>
    /// <param name="deleteCheckpoint">Delete the checkpoint when Fit ends other than by cancellation (default true, as Keras).</param>
    /// <param name="registry">Names of custom layer and component types (default <see cref="ModelRegistry.Default"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="backupDirectory"/> is null, empty or blank.</exception>
    public BackupAndRestore(string backupDirectory, bool deleteCheckpoint = true, ModelRegistry? registry = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backupDirectory);
        BackupDirectory = Path.GetFullPath(backupDirectory);
        DeleteCheckpoint = deleteCheckpoint;
        _registry = registry ?? ModelRegistry.Default;
    }

    /// <summary>The backup folder (full path).</summary>
    public string BackupDirectory { get; }

    /// <summary>The checkpoint file.</summary>
    public string CheckpointPath => Path.Combine(BackupDirectory, FileName);

    /// <summary>Whether the checkpoint is deleted when Fit ends other than by cancellation.</summary>
    public bool DeleteCheckpoint { get; }

    /// <summary>The zero-based epoch the last Fit resumed at, or null when it started afresh.</summary>
    public int? ResumedAtEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ResumedAtEpoch = null;
        _lastEpoch = -1;
        if (File.Exists(CheckpointPath))
        {
            context.ResumeFrom(CheckpointPath, _registry);
            return;
        }

        // The starting state too, so that a Fit interrupted in its first epoch and rerun with the same (already
        // trained) objects starts again from the same weights and optimizer state.
        Directory.CreateDirectory(BackupDirectory);
        context.RequestCheckpoint(CheckpointPath, _registry);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _lastEpoch = context.Epoch;
        Directory.CreateDirectory(BackupDirectory);
        context.RequestCheckpoint(CheckpointPath, _registry);
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (DeleteCheckpoint && context.History.StopReason != StopReason.Cancelled)
        {
            Delete();
        }
    }

    /// <inheritdoc/>
    public override void SaveState(CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Set("next_epoch", _lastEpoch + 1);
    }

    /// <inheritdoc/>
    public override void LoadState(CallbackState state, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        ResumedAtEpoch = state.GetInt32("next_epoch");
        _lastEpoch = ResumedAtEpoch.Value - 1;
    }

    /// <summary>Deletes the checkpoint, temporary files of interrupted saves, and the folder when it is left empty.</summary>
    private void Delete()
    {
        if (!Directory.Exists(BackupDirectory))
        {
            return;
        }

        File.Delete(CheckpointPath);
        foreach (var temp in Directory.EnumerateFiles(BackupDirectory, $".{FileName}.*.tmp"))
        {
            File.Delete(temp);
        }

        if (!Directory.EnumerateFileSystemEntries(BackupDirectory).Any())
        {
            Directory.Delete(BackupDirectory);
        }
    }
}
