using BenchmarkDotNet.Attributes;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Models;

namespace Backprop.Benchmarks;

/// <summary>One training step of a digits-sized MLP (64→32 ReLU→10, batch 32); MemoryDiagnoser shows allocations per step.</summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private readonly Sequential<float> _model = new(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
    private readonly CategoricalCrossEntropy<float> _loss = new(fromLogits: true);
    private readonly Sgd<float> _optimizer = new(0.01, momentum: 0.9);
    private readonly Tensor2D<float> _x = new(32, 64);
    private readonly Tensor2D<float> _y = new(32, 1);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (int i = 0; i < _x.Length; i++)
        {
            _x.Span[i] = (float)rng.NextDouble();
        }

        for (int i = 0; i < _y.Rows; i++)
        {
            _y[i, 0] = rng.Next(10);
        }

        _model.Build(64, seed: 1);
        Step();
    }

    [Benchmark]
    public float Step()
    {
        var logits = _model.Forward(_x, training: true);
        float loss = _loss.Forward(logits, _y);
        _model.Backward(_loss.Backward());
        _optimizer.Step(_model.Parameters);
        return loss;
    }
}
