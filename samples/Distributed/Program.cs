// Data-parallel MLP-MNIST over MPI: every rank takes its share of each global batch, one MPI_Allreduce per step sums
// the gradients. One machine, 2 ranks (from the repository root, after dotnet build samples/Distributed -c Release):
//   mpiexec.mpich -n 2 -hosts localhost -iface lo -genv UCX_TLS self,sm dotnet samples/Distributed/bin/Release/net10.0/Distributed.dll
// --local trains in one ordinary process (no MPI) for the comparison; --allreduce-sweep times MPI_Allreduce instead.
// --help needs no MPI. Only rank 0 prints; the other ranks print errors only.
// Last line: max_abs_diff_vs_single_process=<value> (one step on the ranks vs the same step in one process; CI: < 1e-5).
using System.Diagnostics;
using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Distributed;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Plotting;
using Backprop.Samples;
using Backprop.Training;

var cli = new SampleCommand("Distributed", "data-parallel MLP-MNIST over MPI (run it under mpiexec.mpich; --local: one process)");
var epochs = cli.Positive("--epochs", 3, "Training epochs");
var batchSize = cli.Positive("--batch-size", 128, "Rows per step across all ranks (the global batch, split between them)");
var seed = cli.Add("--seed", 1, "Seed for the weights and the shuffling");
var local = cli.Flag("--local", "One ordinary process without MPI (the comparison: threads instead of ranks)");
var sweep = cli.Flag("--allreduce-sweep", "Instead of training: time MPI_Allreduce on 2^from..2^to floats (the α and β of docs/scaling.md)");
var sweepFrom = cli.Add("--sweep-from", 0, "Smallest size of the sweep, as a power of two of floats", "log2");
var sweepTo = cli.Add("--sweep-to", 22, "Largest size of the sweep, as a power of two of floats", "log2");
cli.Root.Validators.Add(result =>
{
    if (result.GetValue(sweep) && result.GetValue(local))
    {
        result.AddError("--allreduce-sweep needs MPI: drop --local and run it under mpiexec.mpich.");
    }

    int from = result.GetValue(sweepFrom), to = result.GetValue(sweepTo);
    if (from < 0 || to > 28 || from > to)
    {
        result.AddError($"the sweep needs 0 <= --sweep-from <= --sweep-to <= 28; got {from} and {to}.");
    }
});
cli.Threads.DefaultValueFactory = _ => 1;   // one kernel thread per rank: a rank per core

// Joining MPI happens only for a run (never for --help or a bad option), before the header: ranks other than 0 stay
// silent from then on, so the output reads as one program's.
MpiCommunicator? world = null;
cli.BeforeHeader = parsed =>
{
    if (!parsed.GetValue(local))
    {
        world = MpiCommunicator.World;
        cli.Launch = $"mpiexec.mpich -n {world.Size} … dotnet samples/Distributed/bin/Release/net10.0/Distributed.dll";
        if (world.Rank != 0)
        {
            SampleConsole.Silence();
        }
    }
};
return cli.Run(args, (parsed, run) =>
{
    SampleConsole.Line(world is null ? "one process (no MPI)" : $"{world}; {BackpropSettings.MaxThreads} kernel thread(s) per rank");
    if (parsed.GetValue(sweep))
    {
        return AllReduceSweep.Run(world!, parsed.GetValue(sweepFrom), parsed.GetValue(sweepTo), run);
    }

    bool root = world is null || world.Rank == 0;
    string dataDir = SamplePaths.Mnist();
    var train = Mnist.LoadTrain<float>(dataDir);
    var test = Mnist.LoadTest<float>(dataDir);
    SampleConsole.Line($"MNIST from {dataDir}: {train.Count:N0} train, {test.Count:N0} test; MLP 784-512-256-10, SGD momentum 0.9, global batch {parsed.GetValue(batchSize)}");
    var model = Mlp();
    var share = new AllReduceShare(world);
    var clock = Stopwatch.StartNew();
    var history = TrainingDisplay.Fit("mnist", progress => model.Fit(
        train,
        new CategoricalCrossEntropy<float>(fromLogits: true),
        new Sgd<float>(0.01, momentum: 0.9),
        epochs: parsed.GetValue(epochs),
        batchSize: parsed.GetValue(batchSize),
        seed: parsed.GetValue(seed),
        callbacks: [share, progress],                                  // callbacks run on rank 0 only
        distributed: world));
    var trainingTime = clock.Elapsed;
    double accuracy = root ? model.Evaluate(test).Accuracy : double.NaN;   // every rank holds the same weights
    if (root)
    {
        SampleConsole.Wrote(history.SavePlot(run.OutFile("distributed-curves.png"), new() { Title = world is null ? "MLP-MNIST, one process" : $"MLP-MNIST, {world.Size} ranks" }));
    }

    // The equivalence the tests check, shown: one step of the same global batch on the ranks, and on rank 0 alone.
    var distributedStep = OneStep(world);
    double diff = root ? OneStep(null).Zip(distributedStep, (a, b) => Math.Abs((double)a - b)).Max() : double.NaN;
    SampleConsole.Table(world is null ? $"MLP-MNIST, one process × {BackpropSettings.MaxThreads} kernel thread(s)" : $"MLP-MNIST, {world.Size} ranks × {BackpropSettings.MaxThreads} kernel thread(s)", ["", "value"],
    [
        ["epochs", $"{history.Epochs.Count}"],
        ["training time", SampleConsole.F($"{trainingTime.TotalSeconds:F1} s")],
        ["median epoch (first one left out if more)", SampleConsole.F($"{AllReduceShare.Median(share.EpochSeconds) * 1000:F0} ms")],
        ["all-reduce share of an epoch (median)", SampleConsole.F($"{AllReduceShare.Median(share.Shares):P1}")],
        ["test accuracy (10,000 images)", SampleConsole.F($"{accuracy:F4}")],
        ["one step: max |ranks - one process|", SampleConsole.F($"{diff:G3}")],
    ]);
    SampleConsole.LastLine(SampleConsole.F($"max_abs_diff_vs_single_process={diff:G3}"));
    return 0;

    float[] OneStep(ICollective? collective)
    {
        var batch = train.Subset([.. Enumerable.Range(0, 128)]);
        var m = Mlp();
        m.Fit(batch, new CategoricalCrossEntropy<float>(fromLogits: true), new Sgd<float>(0.01, momentum: 0.9), epochs: 1, batchSize: 128, seed: 1, distributed: collective);
        return [.. m.Parameters.SelectMany(p => p.Value.Span.ToArray())];
    }
});

static Sequential<float> Mlp() => new(new Dense<float>(512, Activation.ReLU), new Dense<float>(256, Activation.ReLU), new Dense<float>(10));
