using System.Diagnostics;
using Backprop.Distributed;
using Backprop.Training;

/// <summary>
/// Logs each epoch's wall time (<c>epoch_s</c>) and the share of it spent in the all-reduce (<c>allreduce_share</c>),
/// so the progress lines, the history and the plot show them. Runs on rank 0, like every callback.
/// </summary>
internal sealed class AllReduceShare(MpiCommunicator? world) : Callback
{
    private long _start;
    private TimeSpan _reduceBefore;

    /// <summary>Wall seconds of each epoch.</summary>
    public List<double> EpochSeconds { get; } = [];

    /// <summary>All-reduce share of each epoch (0 without MPI).</summary>
    public List<double> Shares { get; } = [];

    public override void OnEpochBegin(TrainingContext context)
    {
        _start = Stopwatch.GetTimestamp();
        _reduceBefore = world?.AllReduceTime ?? TimeSpan.Zero;
    }

    public override void OnEpochEnd(TrainingContext context)
    {
        var elapsed = Stopwatch.GetElapsedTime(_start);
        var reduce = (world?.AllReduceTime ?? TimeSpan.Zero) - _reduceBefore;
        EpochSeconds.Add(elapsed.TotalSeconds);
        Shares.Add(reduce / elapsed);
        context.Logs["epoch_s"] = EpochSeconds[^1];
        context.Logs["allreduce_share"] = Shares[^1];
    }

    /// <summary>The median over the epochs after the first (which includes JIT warm-up), or the one epoch.</summary>
    public static double Median(List<double> values)
    {
        var kept = values.Skip(values.Count > 1 ? 1 : 0).Order().ToList();
        return kept.Count == 0 ? double.NaN : kept[kept.Count / 2];
    }
}
