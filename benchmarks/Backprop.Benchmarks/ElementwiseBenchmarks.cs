using BenchmarkDotNet.Attributes;
using Backprop.Activations;

namespace Backprop.Benchmarks;

/// <summary>Activations, forward and backward, on a [128, 512] batch.</summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks
{
    private readonly float[] _x = new float[128 * 512];
    private readonly float[] _y = new float[128 * 512];
    private readonly float[] _dy = new float[128 * 512];
    private readonly float[] _dx = new float[128 * 512];
    private Activation _activation = Activation.ReLU;

    [Params("relu", "sigmoid", "tanh", "gelu", "silu", "softmax")]
    public string ActivationName { get; set; } = "relu";

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = (rng.NextSingle() * 4) - 2;
            _dy[i] = rng.NextSingle() - 0.5f;
        }

        _activation = ActivationName switch
        {
            "sigmoid" => Activation.Sigmoid,
            "tanh" => Activation.Tanh,
            "gelu" => Activation.GELU,
            "silu" => Activation.SiLU,
            "softmax" => Activation.Softmax,
            _ => Activation.ReLU,
        };
        _activation.Forward<float>(_x, _y, 512);
    }

    [Benchmark]
    public void ActivationForward() => _activation.Forward<float>(_x, _y, 512);

    [Benchmark]
    public void ActivationBackward() => _activation.Backward<float>(_x, _y, _dy, _dx, 512);
}
