namespace Backprop.Training;

/// <summary>
/// Reported through <see cref="IProgress{T}"/> after each epoch (the library never writes to the console).
/// <c>Fit</c> reports synchronously on its own thread, once per epoch, in epoch order, after the epoch's callbacks
/// (see <see cref="FitOptions{T}.Progress"/>); whether the handler then sees the reports in that order depends on the
/// <see cref="IProgress{T}"/>: <see cref="SynchronousProgress{T}"/> keeps it, <see cref="Progress{T}"/> without a
/// <see cref="SynchronizationContext"/> does not guarantee it.
/// </summary>
/// <remarks>Thread safety: an immutable record; its <c>Logs</c> are the epoch's, which Fit no longer writes once it
/// reports them.</remarks>
/// <param name="Epoch">Zero-based epoch that just ended.</param>
/// <param name="Epochs">Epochs requested.</param>
/// <param name="Logs">That epoch's logs: the same object as in <see cref="History.Epochs"/>.</param>
/// <param name="Elapsed">Wall time of the epoch.</param>
public sealed record EpochProgress(int Epoch, int Epochs, EpochLogs Logs, TimeSpan Elapsed);
