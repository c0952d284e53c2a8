using System.Diagnostics;
using System.Globalization;
using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Distributed;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

// Data-parallel MLP-MNIST over MPI. One machine, 2 ranks:
//   mpiexec.mpich -n 2 -hosts localhost -iface lo -genv UCX_TLS self,sm dotnet bin/Release/net10.0/Distributed.dll
// Options: --epochs N (default 3)  --threads T (kernel threads per rank, default 1)  --local (no MPI: ordinary Fit)
//          --allreduce-sweep (time MPI_Allreduce on 2^0..2^22 floats: α and β of the cost model in docs/scaling.md)
// Rank 0 prints; the last line is max_abs_diff_vs_single_process=<value> (one step, distributed vs one process).
var inv = CultureInfo.InvariantCulture;
bool local = args.Contains("--local");
int epochs = int.Parse(Option("--epochs", "3"), inv);
BackpropSettings.MaxThreads = int.Parse(Option("--threads", "1"), inv);
var world = local ? null : MpiCommunicator.World;
bool root = world is null || world.Rank == 0;
void Say(string line)
{
    if (root)
    {
        Console.WriteLine(line);
    }
}

Say(MachineInfo.Describe());
Say(world is null ? "one process (no MPI)" : $"{world}; {BackpropSettings.MaxThreads} kernel thread(s) per rank");
if (args.Contains("--allreduce-sweep"))
{
    AllReduceSweep(world ?? throw new InvalidOperationException("--allreduce-sweep needs MPI (run it under mpiexec.mpich)."));
    return;
}

string dir = FindMnist();
var train = Mnist.LoadTrain<float>(dir);
var test = Mnist.LoadTest<float>(dir);
var model = Mlp();
var epochMs = new List<double>();
var shares = new List<double>();
var reduceBefore = TimeSpan.Zero;
var progress = new SynchronousProgress<EpochProgress>(p =>
{
    var reduce = world?.AllReduceTime ?? TimeSpan.Zero;
    double share = (reduce - reduceBefore).TotalMilliseconds / p.Elapsed.TotalMilliseconds;
    reduceBefore = reduce;
    epochMs.Add(p.Elapsed.TotalMilliseconds);
    shares.Add(share);
    Say(string.Create(inv, $"epoch {p.Epoch + 1}/{p.Epochs}: loss {p.Logs["loss"]:F4} accuracy {p.Logs["accuracy"]:F4} in {p.Elapsed.TotalSeconds:F2} s, all-reduce {share:P1} of it"));
});
var clock = Stopwatch.StartNew();
model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Sgd<float>(0.01, momentum: 0.9),
    epochs: epochs, batchSize: 128, seed: 1, progress: progress, distributed: world);
Say(string.Create(inv, $"trained in {clock.Elapsed.TotalSeconds:F1} s; test accuracy {model.Evaluate(test).Accuracy:F4}"));
if (root)
{
    // Medians over the epochs after the first (which includes JIT warm-up); progress is reported on rank 0 only.
    double Median(List<double> values) => values.Skip(values.Count > 1 ? 1 : 0).Order().ElementAt((values.Count - (values.Count > 1 ? 1 : 0)) / 2);
    Say(string.Create(inv, $"RESULT epoch_ms={Median(epochMs):F0} allreduce_share={Median(shares):F4} ranks={world?.Size ?? 1} threads={BackpropSettings.MaxThreads}"));
}

// The equivalence the tests check, shown: one step of the same global batch, on the ranks and on rank 0 alone.
var distributedStep = OneStep(world);
if (root)
{
    var single = OneStep(null);
    double diff = single.Zip(distributedStep, (a, b) => Math.Abs((double)a - b)).Max();
    Console.WriteLine(string.Create(inv, $"max_abs_diff_vs_single_process={diff:G3}"));
}

Sequential<float> Mlp() => new(new Dense<float>(512, Activation.ReLU), new Dense<float>(256, Activation.ReLU), new Dense<float>(10));

float[] OneStep(ICollective? collective)
{
    var batch = train.Subset([.. Enumerable.Range(0, 128)]);
    var m = Mlp();
    m.Fit(batch, new CategoricalCrossEntropy<float>(fromLogits: true), new Sgd<float>(0.01, momentum: 0.9), epochs: 1, batchSize: 128, seed: 1, distributed: collective);
    return [.. m.Parameters.SelectMany(p => p.Value.Span.ToArray())];
}

void AllReduceSweep(MpiCommunicator c)
{
    Say("floats bytes us_per_call GB/s");
    int from = int.Parse(Option("--sweep-from", "0"), inv);
    int to = int.Parse(Option("--sweep-to", "22"), inv);
    for (int log = from; log <= to; log += 2)
    {
        var buffer = new float[1 << log];
        int repeats = Math.Clamp((1 << 22) / buffer.Length, 5, 1000);
        var times = new List<double>();
        for (int round = 0; round < 5; round++)
        {
            c.Barrier();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < repeats; i++)
            {
                c.AllReduceSum(buffer);
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / repeats);
        }

        double us = times.Order().ElementAt(2);
        Say(string.Create(inv, $"{buffer.Length} {buffer.Length * 4} {us:F2} {buffer.Length * 4 / us / 1e3:F3}"));
    }
}

string Option(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static string FindMnist()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            foreach (string candidate in new[] { Path.Combine(dir.FullName, "data", "mnist"), Path.Combine(dir.FullName, "samples", "data", "mnist") })
            {
                if (File.Exists(Path.Combine(candidate, Mnist.TrainImagesFile)))
                {
                    return candidate;
                }
            }
        }
    }

    throw new DirectoryNotFoundException("samples/data/mnist not found above the current folder or the program; run from the repository.");
}
