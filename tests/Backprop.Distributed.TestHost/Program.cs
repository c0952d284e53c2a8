using Backprop;
using Backprop.Distributed;
using Backprop.Distributed.TestHost;
using Backprop.Metrics;

// Usage (under mpiexec.mpich -n 2 …):
//   train <weights-file>      3 epochs of Scenario.Train; rank 0 writes its weights, every rank writes <file>.rank<r>
//   one-step <weights-file>   Scenario.OneStep; rank 0 writes the weights
//   throw                     rank 1 throws in its 3rd batch; the job must end with a non-zero exit code
//   kill                      rank 1 kills itself (SIGKILL) in its 3rd batch; the job must end with a non-zero exit code
var world = MpiCommunicator.World;
string mode = args.Length > 0 ? args[0] : "train";
switch (mode)
{
    case "train":
        var (weights, history) = Scenario.Train(world);
        Scenario.Write($"{args[1]}.rank{world.Rank}", weights);
        if (world.Rank == 0)
        {
            Scenario.Write(args[1], weights);
            Console.WriteLine($"rank 0 of {world.Size}: loss {history["loss"][^1]:F6} val_accuracy {history["val_accuracy"][^1]:F4}; {world.AllReduceCalls} all-reduces");
        }

        break;
    case "one-step":
        var step = Scenario.OneStep(world);
        if (world.Rank == 0)
        {
            Scenario.Write(args[1], step);
        }

        break;
    case "throw" or "kill":
        Scenario.Train(world, epochs: 50, metric: new FailingAccuracy(world.Rank == 1 ? 3 : int.MaxValue, kill: mode == "kill"));
        Console.WriteLine("finished, which it must not");
        break;
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 2;
}

return 0;

/// <summary>Accuracy that fails on its n-th update: throws, or kills its own process as a crash would.</summary>
internal sealed class FailingAccuracy(int failAt, bool kill) : Metric
{
    private readonly Accuracy _inner = new();
    private int _updates;

    public override string Name => "accuracy";

    public override int StateLength => 2;

    public override void Reset() => _inner.Reset();

    public override void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
    {
        if (++_updates >= failAt)
        {
            if (kill)
            {
                System.Diagnostics.Process.GetCurrentProcess().Kill();
            }

            throw new InvalidOperationException("planned failure in the test host");
        }

        _inner.Update(predictions, targets);
    }

    public override double Result() => _inner.Result();

    public override void WriteState(Span<double> state) => _inner.WriteState(state);

    public override void ReadState(ReadOnlySpan<double> state) => _inner.ReadState(state);
}
