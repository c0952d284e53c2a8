using System.Diagnostics;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using static Backprop.Benchmarks.Workloads;

namespace Backprop.Benchmarks;

/// <summary>
/// <c>workload data-parallel</c>: MLP-MNIST with the batch of 128 split between two in-process ranks
/// (<see cref="InProcessCollective"/>, one thread each, kernels on one thread), each running every layer on its 64 rows
/// and all-reducing the gradients once per step — the decomposition that keeps each core on its own activations, against
/// which the 2-thread <c>mlp-mnist</c> figure (every product split across the cores) can be compared. The reference
/// all-reduce copies (it allocates per step), so this is an upper bound of what that decomposition costs here.
/// </summary>
internal static class DataParallelWorkload
{
    public static void Run(int timedEpochs)
    {
        int epochs = 1 + (timedEpochs > 0 ? timedEpochs : 3);
        var data = Synthetic(60_000, 784, 10, seed: 1);
        BackpropSettings.MaxThreads = 1;
        IReadOnlyList<ICollective> ranks = Environment.GetEnvironmentVariable("BACKPROP_DP_RANKS") == "1"
            ? InProcessCollective.Create(1)
            : Environment.GetEnvironmentVariable("BACKPROP_REFERENCE_COLLECTIVE") == "1"
                ? InProcessCollective.Create(2)
                : SpinCollective.Create();
        var ends = new List<double>();
        var clock = Stopwatch.StartNew();
        var threads = ranks.Select((rank, r) => new Thread(() =>
        {
            var model = MnistModel();
            model.Fit(
                data,
                new CategoricalCrossEntropy<float>(fromLogits: true),
                new Sgd<float>(0.01, momentum: 0.9),
                new FitOptions<float>
                {
                    Epochs = epochs,
                    BatchSize = 128,
                    Seed = 1,
                    Distributed = rank,
                    Callbacks = r == 0 ? [new EpochEnds(clock, ends)] : [],
                });
        })).ToList();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Result("data_parallel_allocated_mb", (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6);
        Result("data_parallel_gen0_collections", GC.CollectionCount(0) - gen0);
        Result("data_parallel_gen2_collections", GC.CollectionCount(2) - gen2);
        var seconds = ends.Zip(ends.Skip(1), (a, b) => b - a).OrderBy(s => s).ToArray();
        Result("data_parallel_epoch_seconds_2x1", seconds[seconds.Length / 2]);
        Result("data_parallel_epoch_seconds_min_2x1", seconds[0]);
        Result("data_parallel_epoch_seconds_max_2x1", seconds[^1]);
    }

    private sealed class EpochEnds(Stopwatch clock, List<double> ends) : Callback
    {
        public override void OnEpochBegin(TrainingContext context)
        {
            if (context.Epoch == 1)
            {
                ends.Add(clock.Elapsed.TotalSeconds);
            }
        }

        public override void OnEpochEnd(TrainingContext context)
        {
            if (context.Epoch >= 1)
            {
                ends.Add(clock.Elapsed.TotalSeconds);
            }
        }
    }
}
