using BenchmarkDotNet.Running;
using Backprop.Benchmarks;

// `workload <mlp-mnist|digits|inference|gemm> [--threads 1,2] [--epochs N] [--callers 1,2,8]` runs an end-to-end workload and prints
// RESULT lines; anything else goes to BenchmarkDotNet's switcher (micro-benchmarks).
if (args.Length > 0 && args[0] == "workload")
{
    return Workloads.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Workloads).Assembly).Run(args);
return 0;
