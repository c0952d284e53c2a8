namespace Backprop.Training;

/// <summary>Reported through <see cref="IProgress{T}"/> after each epoch (the library never writes to the console).</summary>
/// <param name="Epoch">Zero-based epoch that just ended.</param>
/// <param name="Epochs">Epochs requested.</param>
/// <param name="Logs">That epoch's logs.</param>
/// <param name="Elapsed">Wall time of the epoch.</param>
public sealed record EpochProgress(int Epoch, int Epochs, EpochLogs Logs, TimeSpan Elapsed);
