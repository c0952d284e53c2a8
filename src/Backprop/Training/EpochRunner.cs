using System.Numerics;

namespace Backprop.Training;

/// <summary>One epoch of training batches: every batch through the train step, the ledger and the batch callbacks.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class EpochRunner<T>(
    BatchSource<T> batches, TrainStep<T> step, EpochLedger ledger, CallbackList callbacks, TrainingContext context, WeightBackup<T>? backup, Replicas<T>? replicas)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>True when the last <see cref="Run"/> trained every batch of its epoch (no stop request cut it short).</summary>
    public bool RanAllBatches { get; private set; }

    /// <summary>Runs epoch <paramref name="epoch"/>; stops early on a stop request or cancellation (checked between batches).</summary>
    /// <param name="epoch">Zero-based epoch.</param>
    /// <param name="token">Cancellation, checked before each batch.</param>
    /// <returns>False when no batch ran (nothing to log).</returns>
    public bool Run(int epoch, CancellationToken token)
    {
        context.BeginEpoch(epoch);
        callbacks.EpochBegin();
        replicas?.Agree(context, token);
        batches.StartEpoch(epoch);
        ledger.Reset();
        backup?.Save();
        RanAllBatches = false;
        int trained = 0;
        for (int b = 0; b < batches.Count; b++)
        {
            // In data-parallel training rank 0's token decides, at the agreements (epoch begin, and after batches).
            if (replicas is null ? token.IsCancellationRequested : b == 0 && context.RequestedStopReason == StopReason.Cancelled)
            {
                context.StopTraining(StopReason.Cancelled);
                break;
            }

            var batch = batches.Get(b);
            context.Batch = b;
            callbacks.BatchBegin();
            var result = step.Run(batch);
            trained++;
            ledger.Add(result, batch);
            context.EndBatch(result.BatchDataLoss, result.BatchPenalty);
            if (!result.Applied)
            {
                context.History.NonFiniteLossAt = (epoch, b);
                context.StopTraining(StopReason.NaN);
                backup!.RestoreIfNotFinite();
            }

            callbacks.BatchEnd();
            if (replicas is { AgreeEachBatch: true })
            {
                replicas.Agree(context, token);
            }

            if (context.StopRequested)
            {
                break;
            }
        }

        if (replicas is not null)
        {
            ledger.Combine(replicas);
        }

        if (ledger.Seen == 0)
        {
            return false;
        }

        RanAllBatches = trained == batches.Count;
        ledger.WriteTo(context.Logs);
        return true;
    }
}
