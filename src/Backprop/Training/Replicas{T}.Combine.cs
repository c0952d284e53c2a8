using System.Numerics;
using Backprop.Data;
using Backprop.Metrics;

namespace Backprop.Training;

// Replicas, the part that combines what the ranks measured: training sums, metric states and validation.
internal sealed partial class Replicas<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>This rank's contiguous part of the validation data (null when it is empty).</summary>
    public Dataset<T>? ShardOf(Dataset<T> validation)
    {
        var (offset, count) = Shard.Of(validation.Count);
        return count == 0 ? null : validation.Subset([.. Enumerable.Range(offset, count)]);
    }

    /// <summary>Evaluates this rank's part of the validation data and combines loss and metrics over all ranks.</summary>
    public (double Loss, IReadOnlyDictionary<string, double> Metrics) Evaluate(Dataset<T>? shard, Losses.Loss<T> loss, IReadOnlyList<Metric> metrics)
    {
        Span<double> sums = [0, 0];
        if (shard is null)
        {
            foreach (var m in metrics)
            {
                m.Reset();
            }
        }
        else
        {
            sums[0] = Evaluator.Evaluate(_model, shard, loss, metrics).Loss * shard.Count;
            sums[1] = shard.Count;
        }

        Combine(metrics, sums);
        return (sums[0] / sums[1], metrics.ToDictionary(m => m.Name, m => m.Result(), StringComparer.Ordinal));
    }

    /// <summary>
    /// Adds the ranks' <paramref name="sums"/> (in place) and their metric states in one all-reduce; every rank's metrics
    /// then hold the state of all ranks' batches together.
    /// </summary>
    public void Combine(IReadOnlyList<Metric> metrics, Span<double> sums)
    {
        var buffer = new double[sums.Length + metrics.Sum(m => m.StateLength)];
        sums.CopyTo(buffer);
        int at = sums.Length;
        foreach (var m in metrics)
        {
            m.WriteState(buffer.AsSpan(at, m.StateLength));
            at += m.StateLength;
        }

        _collective.AllReduceSum(buffer);
        buffer.AsSpan(0, sums.Length).CopyTo(sums);
        at = sums.Length;
        foreach (var m in metrics)
        {
            m.ReadState(buffer.AsSpan(at, m.StateLength));
            at += m.StateLength;
        }
    }
}
