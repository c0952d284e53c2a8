using BenchmarkDotNet.Attributes;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Layers;

namespace Backprop.Benchmarks;

/// <summary>Softmax cross-entropy (fused, from logits) on [128, 10]; SGD-momentum and Adam steps on a 784×512 kernel.</summary>
[MemoryDiagnoser]
public class LossAndOptimizerBenchmarks
{
    private readonly Tensor2D<float> _logits = new(128, 10);
    private readonly Tensor2D<float> _labels = new(128, 1);
    private readonly CategoricalCrossEntropy<float> _loss = new(fromLogits: true);
    private readonly Parameter<float>[] _parameters = [new("kernel", ParameterRole.Kernel, 784, 512)];
    private readonly Sgd<float> _sgd = new(0.01, momentum: 0.9) { ZeroGradientsAfterStep = false };
    private readonly Adam<float> _adam = new(0.001) { ZeroGradientsAfterStep = false };

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (int i = 0; i < _logits.Length; i++)
        {
            _logits.Span[i] = rng.NextSingle() * 3;
        }

        for (int i = 0; i < 128; i++)
        {
            _labels[i, 0] = rng.Next(10);
        }

        var g = _parameters[0].Gradient.Span;
        for (int i = 0; i < g.Length; i++)
        {
            g[i] = rng.NextSingle() - 0.5f;
        }
    }

    [Benchmark]
    public float SoftmaxCrossEntropy()
    {
        float value = _loss.Forward(_logits, _labels);
        _loss.Backward();
        return value;
    }

    [Benchmark]
    public void SgdMomentumStep() => _sgd.Step(_parameters);

    [Benchmark]
    public void AdamStep() => _adam.Step(_parameters);
}
