using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Distributed.TestHost;

/// <summary>The training runs the MPI tests start, written once so that their in-process references run the same code.</summary>
public static class Scenario
{
    /// <summary>
    /// Several epochs of a small classifier on Digits with dropout, shuffling and a validation split: the run whose
    /// 2-rank MPI weights must equal, bit for bit, those of 2 in-process ranks that add the shards in rank order.
    /// </summary>
    public static (float[] Weights, History History) Train(ICollective? distributed, int epochs = 3, int batchSize = 64, Metric? metric = null)
    {
        var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dropout<float>(0.2), new Dense<float>(10));
        var history = model.Fit(Datasets.Digits(), new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.005), new FitOptions<float>
        {
            Epochs = epochs,
            BatchSize = batchSize,
            Seed = 11,
            ValidationSplit = 0.2,
            Distributed = distributed,
            Metrics = metric is null ? null : [metric],
        });
        return ([.. model.Parameters.SelectMany(p => p.Value.Span.ToArray())], history);
    }

    /// <summary>One step on the first 128 rows (one batch): the run compared with ordinary single-process training.</summary>
    public static float[] OneStep(ICollective? distributed)
    {
        var data = Datasets.Digits();
        data = data.Subset([.. Enumerable.Range(0, 128)]);
        var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
        model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 1, batchSize: 128, seed: 5, distributed: distributed);
        return [.. model.Parameters.SelectMany(p => p.Value.Span.ToArray())];
    }

    /// <summary>Writes floats as little-endian bytes, atomically enough for a test (write, then rename).</summary>
    public static void Write(string path, ReadOnlySpan<float> values)
    {
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static float[] Read(string path) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();
}
