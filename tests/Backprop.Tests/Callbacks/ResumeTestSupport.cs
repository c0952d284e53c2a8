using Backprop.Training;

namespace Backprop.Tests.Callbacks;

/// <summary>What a simulated crash throws.</summary>
internal sealed class SimulatedCrashException(string message) : Exception(message);

/// <summary>Throws (as a process dying would stop everything) after batch <paramref name="batch"/> of epoch <paramref name="epoch"/>, leaving the model, optimizer and callbacks mid-epoch.</summary>
internal sealed class CrashAt(int epoch, int batch) : Callback
{
    public bool Crashed { get; private set; }

    public override void OnBatchEnd(TrainingContext context)
    {
        if (context.Epoch == epoch && context.Batch == batch)
        {
            Crashed = true;
            throw new SimulatedCrashException($"crash in epoch {epoch}, batch {batch}");
        }
    }
}

/// <summary>Throws in OnTrainEnd, as a process dying after its last epoch but before training ended would stop it.</summary>
internal sealed class CrashAtTrainEnd : Callback
{
    public override void OnTrainEnd(TrainingContext context) => throw new SimulatedCrashException("crash before training ended");
}

/// <summary>Cancels a token after batch <paramref name="batch"/> of epoch <paramref name="epoch"/>.</summary>
internal sealed class CancelAt(int epoch, int batch, CancellationTokenSource source) : Callback
{
    public override void OnBatchEnd(TrainingContext context)
    {
        if (context.Epoch == epoch && context.Batch == batch)
        {
            source.Cancel();
        }
    }
}
