using System.Numerics;
using Backprop.Kernels;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Kernels;

/// <summary>
/// The packed GEMM against a scalar reference (double accumulation) and MathNet's product, for every kernel family
/// this machine supports (Scalar … <see cref="Gemm.DetectedIsa"/>), all three transposes, float and double.
/// CI runs this class again with DOTNET_EnableAVX512F=0 and DOTNET_EnableHWIntrinsic=0.
/// </summary>
public class GemmTests
{
    public enum Op
    {
        NN,
        TN,
        NT,
    }

    public static TheoryData<string, Op> Cases()
    {
        var data = new TheoryData<string, Op>();
        for (var isa = GemmIsa.Scalar; isa <= Gemm.DetectedIsa; isa++)
        {
            foreach (var op in Enum.GetValues<Op>())
            {
                data.Add(isa.ToString(), op);
            }
        }

        return data;
    }

    /// <summary>Sizes 0..70 (every one appears for m, n and k), odd sizes, and shapes that cross the k block and tile edges.</summary>
    private static IEnumerable<(int M, int N, int K)> Shapes()
    {
        var rng = new Random(11);
        for (int s = 0; s <= 70; s++)
        {
            yield return (s, rng.Next(1, 71), rng.Next(1, 71));
            yield return (rng.Next(1, 71), s, rng.Next(1, 71));
            yield return (rng.Next(1, 71), rng.Next(1, 71), s);
        }

        yield return (1, 1, 1);
        yield return (7, 33, 300);
        yield return (131, 259, 17);
        yield return (97, 45, 513);

        // Uneven k blocks (790 → 3 × 264 − 2) with several pack row ranges, row tiles and column tiles at once.
        yield return (103, 263, 790);

        // Several row tiles and column tiles, each with a ragged last one.
        yield return (271, 301, 37);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_matches_the_scalar_reference(string isaName, Op op) => CheckAll<float>(Enum.Parse<GemmIsa>(isaName), op, 2e-5);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_matches_the_scalar_reference(string isaName, Op op) => CheckAll<double>(Enum.Parse<GemmIsa>(isaName), op, 1e-13);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_matches_MathNet(string isaName, Op op)
    {
        var isa = Enum.Parse<GemmIsa>(isaName);
        foreach (var (m, n, k) in new[] { (1, 1, 1), (13, 29, 41), (70, 3, 66), (6, 40, 257) })
        {
            var a = Random<double>(m * k, 1);
            var b = Random<double>(k * n, 2);
            var c = new double[m * n];
            Multiply(isa, op, a, b, c, m, n, k, accumulate: false);
            var ma = op == Op.TN ? Matrix<double>.Build.Dense(k, m, (i, j) => a[(i * m) + j]) : Matrix<double>.Build.Dense(m, k, (i, j) => a[(i * k) + j]);
            var mb = op == Op.NT ? Matrix<double>.Build.Dense(n, k, (i, j) => b[(i * k) + j]) : Matrix<double>.Build.Dense(k, n, (i, j) => b[(i * n) + j]);
            var expected = op switch
            {
                Op.TN => ma.TransposeThisAndMultiply(mb),
                Op.NT => ma.TransposeAndMultiply(mb),
                _ => ma * mb,
            };
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    if (!(Math.Abs(c[(i * n) + j] - expected[i, j]) <= 1e-12 * (k + 1)))
                    {
                        Assert.Fail($"{isa} {op} m={m} n={n} k={k} at [{i},{j}]: {c[(i * n) + j]} vs MathNet {expected[i, j]}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fused_bias_and_relu_epilogue_matches_the_unfused_result(string isaName, Op op)
    {
        var isa = Enum.Parse<GemmIsa>(isaName);
        if (op != Op.NN)
        {
            return; // the epilogue exists for the forward product only
        }

        foreach (var (m, n, k) in new[] { (5, 7, 3), (6, 32, 64), (37, 70, 300), (3, 5, 0) })
        {
            var a = Random<float>(m * k, 3);
            var b = Random<float>(k * n, 4);
            var bias = Random<float>(n, 5);
            var fused = new float[m * n];
            var plain = new float[m * n];
            var previous = Gemm.Isa;
            Gemm.Isa = isa;
            try
            {
                Gemm.MultiplyNN<float>(a, b, fused, m, n, k, bias, relu: true);
                Gemm.MultiplyNN<float>(a, b, plain, m, n, k, accumulate: false);
            }
            finally
            {
                Gemm.Isa = previous;
            }

            var expected = plain.Select((v, i) => MathF.Max(v + bias[i % n], 0f)).ToArray();
            fused.Should().Equal(expected, $"{isa} m={m} n={n} k={k}");
        }
    }

    [Fact]
    public void Results_are_bit_identical_for_one_and_two_threads()
    {
        const int m = 150, n = 300, k = 700;
        var a = Random<float>(m * k, 6);
        var b = Random<float>(k * n, 7);
        int saved = BackpropSettings.MaxThreads;
        try
        {
            foreach (var op in Enum.GetValues<Op>())
            {
                BackpropSettings.MaxThreads = 1;
                var one = Random<float>(m * n, 8);
                Multiply(Gemm.DetectedIsa, op, a, b, one, m, n, k, accumulate: true);
                BackpropSettings.MaxThreads = 2;
                var two = Random<float>(m * n, 8);
                Multiply(Gemm.DetectedIsa, op, a, b, two, m, n, k, accumulate: true);
                two.Should().Equal(one, $"{op} must not depend on the thread count");
            }
        }
        finally
        {
            BackpropSettings.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(Op.NN)]
    [InlineData(Op.TN)]
    [InlineData(Op.NT)]
    public void The_small_product_path_gives_the_same_bits_as_the_packed_path(Op op)
    {
        if (Gemm.DetectedIsa < GemmIsa.Vector256)
        {
            return; // the small path needs 256-bit vectors; without them every product is packed
        }

        // Every small shape of the two benchmark models, odd sizes and tails of each vector block, k up to one k block.
        var shapes = new[] { (32, 32, 64), (64, 32, 32), (32, 10, 32), (32, 32, 10), (128, 10, 256), (256, 10, 128), (128, 256, 10), (1, 1, 1), (3, 37, 5), (7, 33, 256), (9, 70, 41), (5, 17, 200) };
        foreach (var (m, n, k) in shapes)
        {
            foreach (bool accumulate in new[] { false, true })
            {
                var a = Random<float>(m * k, m + n);
                var b = Random<float>(k * n, n + k);
                var small = Random<float>(m * n, 9);
                var packed = (float[])small.Clone();
                Multiply(Gemm.DetectedIsa, op, a, b, small, m, n, k, accumulate);
                Gemm.SmallPathEnabled = false;
                try
                {
                    Multiply(Gemm.DetectedIsa, op, a, b, packed, m, n, k, accumulate);
                }
                finally
                {
                    Gemm.SmallPathEnabled = true;
                }

                small.Should().Equal(packed, $"{op} m={m} n={n} k={k} accumulate={accumulate}");
            }

            if (op == Op.NN)
            {
                var a = Random<double>(m * k, 1);
                var b = Random<double>(k * n, 2);
                var bias = Random<double>(n, 3);
                var small = new double[m * n];
                var packed = new double[m * n];
                Gemm.MultiplyNN<double>(a, b, small, m, n, k, bias, relu: true);
                Gemm.SmallPathEnabled = false;
                try
                {
                    Gemm.MultiplyNN<double>(a, b, packed, m, n, k, bias, relu: true);
                }
                finally
                {
                    Gemm.SmallPathEnabled = true;
                }

                small.Should().Equal(packed, $"double with bias and ReLU, m={m} n={n} k={k}");
            }
        }
    }

    [Fact]
    public void Buffers_that_are_too_small_are_rejected_with_the_sizes()
    {
        var act = () => Gemm.MultiplyNN<float>(new float[5], new float[6], new float[6], 2, 3, 3, accumulate: false);
        act.Should().Throw<ArgumentException>().WithMessage("*m=2, n=3, k=3*A has 5*");
    }

    [Fact]
    public void A_steady_state_call_allocates_nothing()
    {
        var a = Random<float>(64 * 80, 1);
        var b = Random<float>(80 * 96, 2);
        var c = new float[64 * 96];
        Gemm.MultiplyTN<float>(b, a, new float[96 * 80], 96, 80, 64, accumulate: false);
        Gemm.MultiplyNN<float>(a, b, c, 64, 96, 80, accumulate: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Gemm.MultiplyNN<float>(a, b, c, 64, 96, 80, accumulate: false);
        GC.GetAllocatedBytesForCurrentThread().Should().Be(before);
    }

    internal static void CheckAll<T>(GemmIsa isa, Op op, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int seed = 100;
        var failures = new List<string>();
        foreach (var (m, n, k) in Shapes())
        {
            foreach (bool accumulate in new[] { false, true })
            {
                var a = Random<T>(m * k, seed++);
                var b = Random<T>(k * n, seed++);
                var c0 = Random<T>(m * n, seed++);
                var c = (T[])c0.Clone();
                Multiply(isa, op, a, b, c, m, n, k, accumulate);
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        double sum = accumulate ? double.CreateTruncating(c0[(i * n) + j]) : 0;
                        double scale = 1 + Math.Abs(sum);
                        for (int p = 0; p < k; p++)
                        {
                            double x = double.CreateTruncating(op == Op.TN ? a[(p * m) + i] : a[(i * k) + p]);
                            double y = double.CreateTruncating(op == Op.NT ? b[(j * k) + p] : b[(p * n) + j]);
                            sum += x * y;
                            scale += Math.Abs(x * y);
                        }

                        double got = double.CreateTruncating(c[(i * n) + j]);
                        if (!(Math.Abs(got - sum) <= tolerance * scale))
                        {
                            failures.Add($"{isa} {op} {typeof(T).Name} m={m} n={n} k={k} accumulate={accumulate} [{i},{j}]: {got} vs {sum}");
                        }
                    }
                }
            }
        }

        failures.Should().BeEmpty();
    }

    internal static void Multiply<T>(GemmIsa isa, Op op, T[] a, T[] b, T[] c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var previous = Gemm.Isa;
        Gemm.Isa = isa;
        try
        {
            switch (op)
            {
                case Op.NN:
                    Gemm.MultiplyNN<T>(a, b, c, m, n, k, accumulate);
                    break;
                case Op.TN:
                    Gemm.MultiplyTN<T>(a, b, c, m, n, k, accumulate);
                    break;
                default:
                    Gemm.MultiplyNT<T>(a, b, c, m, n, k, accumulate);
                    break;
            }
        }
        finally
        {
            Gemm.Isa = previous;
        }
    }

    private static T[] Random<T>(int length, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating((rng.NextDouble() * 2) - 1);
        }

        return values;
    }
}
