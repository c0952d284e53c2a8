using System.Numerics;
using Backprop.Metrics;

namespace Backprop.Training;

/// <summary>
/// Accumulates one epoch's training figures — sample-weighted data loss and penalty, and the metrics — and writes
/// them into the epoch's logs (the "loss ledger": data loss and penalty are kept apart).
/// </summary>
internal sealed class EpochLedger(IReadOnlyList<Metric> metrics)
{
    private double _dataLoss;
    private double _penalty;

    /// <summary>Samples seen this epoch.</summary>
    public int Seen { get; private set; }

    /// <summary>Starts a new epoch.</summary>
    public void Reset()
    {
        _dataLoss = 0;
        _penalty = 0;
        Seen = 0;
        for (int i = 0; i < metrics.Count; i++)
        {
            metrics[i].Reset();
        }
    }

    /// <summary>Adds one trained batch.</summary>
    public void Add<T>(in StepResult<T> step, in TrainingBatch<T> batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < metrics.Count; i++)
        {
            metrics[i].Update(step.Predictions, batch.Targets);
        }

        _dataLoss += step.DataLoss * batch.Rows;
        _penalty += step.Penalty * batch.Rows;
        Seen += batch.Rows;
    }

    /// <summary>In data-parallel training: replaces this rank's sums and metric states by those of all ranks together.</summary>
    public void Combine<T>(Replicas<T> replicas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<double> sums = [_dataLoss, _penalty, Seen];
        replicas.Combine(metrics, sums);
        (_dataLoss, _penalty, Seen) = (sums[0], sums[1], (int)sums[2]);
    }

    /// <summary>Writes the epoch means and metric results.</summary>
    public void WriteTo(EpochLogs logs)
    {
        logs[LogKeys.DataLoss] = _dataLoss / Seen;
        logs[LogKeys.Penalty] = _penalty / Seen;
        logs[LogKeys.Loss] = (_dataLoss + _penalty) / Seen;
        for (int i = 0; i < metrics.Count; i++)
        {
            logs[metrics[i].Name] = metrics[i].Result();
        }
    }
}
