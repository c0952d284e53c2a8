using Backprop.Activations;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Tests.Kernels;
using Backprop.Training;

namespace Backprop.Tests.Callbacks;

/// <summary>Checkpointing adds nothing to the training step: a Fit with BackupAndRestore and ModelCheckpoint allocates nothing between batches.</summary>
[Collection(SerialCollection.Name)]
public class CheckpointAllocationTests
{
    [Fact]
    public void A_fit_with_checkpointing_callbacks_allocates_nothing_from_one_batch_to_the_next()
    {
        int saved = BackpropSettings.MaxThreads;
        BackpropSettings.MaxThreads = 1;
        using var folder = new TempFolder();
        try
        {
            var probe = new AllocationProbe();
            var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dropout<float>(0.1), new Dense<float>(10));
            var digits = Datasets.Digits();
            model.Fit(digits, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001), epochs: 3, batchSize: 32, seed: 1,
                callbacks:
                [
                    new EarlyStopping(monitor: "loss", patience: 10, restoreBestWeights: true),
                    new ReduceLROnPlateau(monitor: "loss"),
                    new BackupAndRestore(folder["backup"]),
                    new ModelCheckpoint(folder["m-{epoch}.safetensors"]),
                    probe,
                ]);

            probe.Measured.Should().BeGreaterThan(20);
            probe.Bytes.Should().Be(0, "the hooks the checkpointing callbacks add run at epoch ends, never between batches");
        }
        finally
        {
            BackpropSettings.MaxThreads = saved;
        }
    }

    /// <summary>Sums the bytes allocated between consecutive batch ends of the last epoch (the JIT has settled by then).</summary>
    private sealed class AllocationProbe : Callback
    {
        private long _last = -1;

        public long Bytes { get; private set; }

        public int Measured { get; private set; }

        public override void OnEpochBegin(TrainingContext context) => _last = -1;

        public override void OnBatchEnd(TrainingContext context)
        {
            long now = GC.GetAllocatedBytesForCurrentThread();
            if (context.Epoch == context.Epochs - 1 && _last >= 0)
            {
                Bytes += now - _last;
                Measured++;
            }

            _last = GC.GetAllocatedBytesForCurrentThread();
        }
    }
}
