using BenchmarkDotNet.Attributes;
using Backprop.Kernels;

namespace Backprop.Benchmarks;

/// <summary>
/// GEMM, float, on the MLP-MNIST layer shapes (forward A·B, weight gradient Aᵀ·B, input gradient A·Bᵀ), the 512³ cube
/// and an odd tail size. Shapes are "m x n x k".
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private int _m;
    private int _n;
    private int _k;

    [Params("NN 512x512x512", "NN 128x512x784", "NN 128x256x512", "NN 128x10x256", "TN 784x512x128", "TN 512x256x128", "NT 128x512x256", "NT 128x256x10", "NN 131x67x259")]
    public string Shape { get; set; } = "";

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var dims = Shape[3..].Split('x').Select(int.Parse).ToArray();
        (_m, _n, _k) = (dims[0], dims[1], dims[2]);
        var rng = new Random(1);
        _a = Enumerable.Range(0, _m * _k).Select(_ => rng.NextSingle()).ToArray();
        _b = Enumerable.Range(0, _k * _n).Select(_ => rng.NextSingle()).ToArray();
        _c = new float[_m * _n];
        BackpropSettings.MaxThreads = Threads;
    }

    [Benchmark]
    public void Multiply()
    {
        switch (Shape[..2])
        {
            case "TN":
                Gemm.MultiplyTN<float>(_a, _b, _c, _m, _n, _k, GemmEpilogue<float>.AddToC);
                break;
            case "NT":
                Gemm.MultiplyNT<float>(_a, _b, _c, _m, _n, _k, GemmEpilogue<float>.Overwrite);
                break;
            default:
                Gemm.MultiplyNN<float>(_a, _b, _c, _m, _n, _k, GemmEpilogue<float>.Overwrite);
                break;
        }
    }
}
