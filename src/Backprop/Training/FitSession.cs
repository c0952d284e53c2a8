using Backprop.Serialization;

namespace Backprop.Training;

/// <summary>
/// What one <c>Fit</c> offers the checkpointing callbacks through <see cref="TrainingContext"/>, whatever the element
/// type: resume from a checkpoint when training begins, write one once an epoch has ended (after every callback's
/// <see cref="Callback.OnEpochEnd"/>, so that each callback's state is that of the finished epoch), and save the model.
/// </summary>
internal abstract class FitSession
{
    private readonly List<(string Path, ModelRegistry Registry)> _pendingSaves = [];

    /// <summary>The checkpoint a callback asked to resume from in <see cref="Callback.OnTrainBegin"/>, if any.</summary>
    public (string Path, ModelRegistry Registry)? Resume { get; private set; }

    /// <summary>Asks to resume from <paramref name="path"/> once every callback's <see cref="Callback.OnTrainBegin"/> has run.</summary>
    /// <exception cref="InvalidOperationException">Another callback already asked to resume from another file.</exception>
    public void RequestResume(string path, ModelRegistry registry)
    {
        if (Resume is { } other && !string.Equals(other.Path, path, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Two callbacks ask Fit to resume, from '{other.Path}' and from '{path}'; give Fit one BackupAndRestore.");
        }

        Resume = (path, registry);
    }

    /// <summary>Asks for a checkpoint at <paramref name="path"/> once every callback has seen the end of this epoch.</summary>
    public void RequestCheckpoint(string path, ModelRegistry registry) => _pendingSaves.Add((path, registry));

    /// <summary>
    /// Writes the checkpoints requested during this epoch's <see cref="Callback.OnEpochEnd"/> hooks, recording
    /// <paramref name="nextEpoch"/> as the epoch to resume at — unless <paramref name="write"/> is false (the epoch was
    /// cut short by cancellation, which is an interruption: the previous checkpoint stays).
    /// </summary>
    public void WriteRequestedCheckpoints(int nextEpoch, bool write)
    {
        try
        {
            if (write)
            {
                foreach (var (path, registry) in _pendingSaves)
                {
                    SaveCheckpoint(path, registry, nextEpoch);
                }
            }
        }
        finally
        {
            _pendingSaves.Clear();
        }
    }

    /// <summary>Writes a checkpoint atomically: weights, optimizer, noise steps, history, stop request, callback states.</summary>
    public abstract void SaveCheckpoint(string path, ModelRegistry registry, int nextEpoch);

    /// <summary>Restores everything a checkpoint holds and returns the epoch to resume at.</summary>
    /// <exception cref="InvalidDataException">The file is corrupt or was written by another kind of Fit (architecture, optimizer, data, …).</exception>
    public abstract int Restore(string path, ModelRegistry registry);

    /// <summary>Saves the model file (or a weights-only file) atomically.</summary>
    public abstract void SaveModel(string path, bool weightsOnly, ModelRegistry registry);
}
