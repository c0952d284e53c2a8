using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;

namespace Backprop.Docs.Tests;

/// <summary>docs/performance.md and docs/threading.md: the thread setting and the machine line.</summary>
public class PerformanceSnippets
{
    private static float[] Train(int threads)
    {
        var data = Datasets.Digits();
        int previous = BackpropSettings.MaxThreads;
        try
        {
            #region MaxThreads
            BackpropSettings.MaxThreads = threads;                    // at start-up; default: all cores
            var model = new Sequential<float>(new Dense<float>(256, Activation.ReLU), new Dense<float>(10));
            model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Sgd<float>(0.05, momentum: 0.9),
                epochs: 2, batchSize: 256, seed: 1);                  // the same weights, bit for bit, for any thread count
            #endregion
            return [.. model.Parameters.SelectMany(p => p.Value.Span.ToArray())];
        }
        finally
        {
            BackpropSettings.MaxThreads = previous;
        }
    }

    [Fact]
    public void Training_gives_the_same_bits_at_one_and_two_threads()
    {
        Train(1).Should().Equal(Train(2));
    }

    [Fact]
    public void The_machine_line_names_cpu_isa_and_cores()
    {
        #region MachineLine
        Console.WriteLine(MachineInfo.Describe());   // machine: AMD EPYC · avx512 · 2 logical cores · .NET 10.0.0 · Linux x64
        #endregion

        MachineInfo.Describe().Should().StartWith("machine: ").And.Contain(" logical cores").And.Contain(MachineInfo.Isa);
    }
}
