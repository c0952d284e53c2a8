using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Backprop.Kernels;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace Backprop.Tests.Kernels;

/// <summary>
/// The packed GEMM against a scalar reference (double accumulation) and MathNet's product, for all four kernel families
/// (Scalar, Vector128, Vector256, Vector512) on any machine — a family wider than the hardware accelerates runs in
/// software (<see cref="Gemm.ForceIsaForTests"/>), slowly but with the same bits — all three transposes, float and
/// double, every epilogue. Each theory case names its family. CI runs this class again with DOTNET_EnableAVX512=0 and
/// DOTNET_EnableHWIntrinsic=0, so the same families also run as the JIT compiles them on narrower hardware; the
/// <see cref="The_kernel_families_under_test_are_all_four_whatever_the_hardware"/> test prints which width each run's
/// hardware path was.
/// </summary>
public class GemmTests(ITestOutputHelper output)
{
    public enum Op
    {
        NN,
        TN,
        NT,
    }

    /// <summary>Every kernel family, whatever this runtime accelerates, × every transpose.</summary>
    public static TheoryData<string, Op> Cases() => CasesFrom(GemmIsa.Scalar);

    /// <summary>The SIMD families among them (Vector128, Vector256, Vector512).</summary>
    public static TheoryData<string, Op> VectorCases() => CasesFrom(GemmIsa.Vector128);

    private static TheoryData<string, Op> CasesFrom(GemmIsa narrowest)
    {
        var data = new TheoryData<string, Op>();
        for (var isa = narrowest; isa <= GemmIsa.Vector512; isa++)
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
            Multiply(isa, op, a, b, c, m, n, k, GemmEpilogue<double>.Overwrite);
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
    public void The_fused_epilogue_adds_the_bias_and_applies_relu_to_the_accumulated_product(string isaName, Op op)
    {
        // Whatever the path (k = 0, the small path, packed tiles with one or several k blocks, ragged edges), the bias and
        // ReLU come last: fused = max(R + bias, 0) where R is the same call without them (R is checked by CheckAll).
        var isa = Enum.Parse<GemmIsa>(isaName);
        foreach (var (m, n, k) in new[] { (5, 7, 3), (6, 32, 64), (37, 70, 300), (3, 5, 0), (150, 200, 40) })
        {
            var a = Random<float>(m * k, 3);
            var b = Random<float>(k * n, 4);
            var bias = Random<float>(n, 5);
            var c0 = Random<float>(m * n, 6);
            foreach (bool accumulate in new[] { false, true })
            {
                var product = (float[])c0.Clone();
                Multiply(isa, op, a, b, product, m, n, k, new() { Accumulate = accumulate });
                foreach (bool relu in new[] { false, true })
                {
                    var fused = (float[])c0.Clone();
                    Multiply(isa, op, a, b, fused, m, n, k, new() { Accumulate = accumulate, Bias = bias, ReLU = relu });
                    var expected = product.Select((v, i) => relu ? MathF.Max(v + bias[i % n], 0f) : v + bias[i % n]).ToArray();
                    fused.Should().Equal(expected, $"{isa} {op} m={m} n={n} k={k} accumulate={accumulate} relu={relu}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Results_are_bit_identical_for_one_and_two_threads(string isaName, Op op)
    {
        const int m = 150, n = 300, k = 700;
        var isa = Enum.Parse<GemmIsa>(isaName);
        var a = Random<float>(m * k, 6);
        var b = Random<float>(k * n, 7);
        var bias = Random<float>(n, 8);
        int saved = BackpropSettings.MaxThreads;
        try
        {
            BackpropSettings.MaxThreads = 1;
            var one = Random<float>(m * n, 9);
            Multiply(isa, op, a, b, one, m, n, k, new() { Accumulate = true, Bias = bias, ReLU = true });
            BackpropSettings.MaxThreads = 2;
            var two = Random<float>(m * n, 9);
            Multiply(isa, op, a, b, two, m, n, k, new() { Accumulate = true, Bias = bias, ReLU = true });
            two.Should().Equal(one, $"{isa} {op} must not depend on the thread count");
        }
        finally
        {
            BackpropSettings.MaxThreads = saved;
        }
    }

    [Theory]
    [MemberData(nameof(VectorCases))]
    public void Every_vector_kernel_family_gives_the_same_bits_as_the_scalar_kernels(string isaName, Op op)
    {
        // Every family runs the same FMA chain per element (k blocks fixed by k alone) and the same epilogue, so the
        // ISA a machine has never changes a result. At 256 bits and wider, the small shapes here take the small path.
        var isa = Enum.Parse<GemmIsa>(isaName);
        int seed = 300;
        foreach (var (m, n, k) in Shapes())
        {
            var a = Random<float>(m * k, seed++);
            var b = Random<float>(k * n, seed++);
            var bias = Random<float>(n, seed++);
            var c0 = Random<float>(m * n, seed++);
            foreach (var (accumulate, withBias, relu) in EpilogueVariants())
            {
                var expected = (float[])c0.Clone();
                var got = (float[])c0.Clone();
                Multiply(GemmIsa.Scalar, op, a, b, expected, m, n, k, new() { Accumulate = accumulate, Bias = withBias ? bias : default, ReLU = relu });
                Multiply(isa, op, a, b, got, m, n, k, new() { Accumulate = accumulate, Bias = withBias ? bias : default, ReLU = relu });
                got.Should().Equal(expected, $"{isa} {op} m={m} n={n} k={k} accumulate={accumulate} bias={withBias} relu={relu}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_small_product_path_gives_the_same_bits_as_the_packed_kernels(string isaName, Op op)
    {
        // The small path runs whenever the current family is 256 bits or wider, with 512-bit vectors where the family is
        // Vector512: both are forced here (a width the CPU lacks runs in software, so on any machine) and compared with
        // the packed kernels of the given family.
        var isa = Enum.Parse<GemmIsa>(isaName);

        // Every small shape of the two benchmark models, odd sizes and tails of each vector block, k up to one k block;
        // and one or two rows of any depth (single-row inference), where k spans several blocks: 784 → 3 × 262.
        var shapes = new[]
        {
            (32, 32, 64), (64, 32, 32), (32, 10, 32), (32, 32, 10), (128, 10, 256), (256, 10, 128), (128, 256, 10), (1, 1, 1), (3, 37, 5), (7, 33, 256), (9, 70, 41), (5, 17, 200),
            (1, 512, 784), (2, 256, 512), (1, 10, 257), (2, 37, 600), (1, 70, 1000), (2, 3, 513), (1, 60, 300), (1, 130, 40),
        };
        foreach (var (m, n, k) in shapes)
        {
            foreach (var (accumulate, withBias, relu) in EpilogueVariants())
            {
                CompareSmallWithPacked<float>(isa, op, m, n, k, accumulate, withBias, relu);
                CompareSmallWithPacked<double>(isa, op, m, n, k, accumulate, withBias, relu);
            }
        }
    }

    [Fact]
    public void The_kernel_families_under_test_are_all_four_whatever_the_hardware()
    {
        // The ladder picks the widest family the runtime accelerates; the theories above run all four regardless.
        var widest = Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmIsa.Vector512
            : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmIsa.Vector256
            : Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.IsSupported) ? GemmIsa.Vector128
            : GemmIsa.Scalar;
        Gemm.DetectedIsa.Should().Be(widest);
        Cases().Select(row => (string)row[0]).Distinct().Should().Equal("Scalar", "Vector128", "Vector256", "Vector512");

        // The knobs of CI's reruns must take effect, or those reruns test the same hardware path again.
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            Gemm.DetectedIsa.Should().Be(GemmIsa.Scalar, "DOTNET_EnableHWIntrinsic=0 turns every SIMD family off");
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0" || Environment.GetEnvironmentVariable("DOTNET_EnableAVX512F") == "0")
        {
            Gemm.DetectedIsa.Should().NotBe(GemmIsa.Vector512, "AVX-512 is meant to be off (.NET 10 reads DOTNET_EnableAVX512; it ignores DOTNET_EnableAVX512F)");
        }

        // A family wider than the hardware can be forced for a test (it runs in software); Gemm.Isa, the knob for
        // narrower families, still refuses it.
        try
        {
            foreach (var isa in Enum.GetValues<GemmIsa>())
            {
                Gemm.ForceIsaForTests(isa);
                Gemm.Isa.Should().Be(isa);
                var viaSetter = () => Gemm.Isa = isa;
                if (isa <= Gemm.DetectedIsa)
                {
                    viaSetter.Should().NotThrow();
                }
                else
                {
                    viaSetter.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*up to {Gemm.DetectedIsa}*");
                }
            }
        }
        finally
        {
            Gemm.ForceIsaForTests(null);
        }

        Gemm.Isa.Should().Be(Gemm.DetectedIsa);
        var emulated = Enum.GetValues<GemmIsa>().Where(isa => isa > Gemm.DetectedIsa).ToArray();
        output.WriteLine(
            $"GEMM kernel families tested: Scalar, Vector128, Vector256, Vector512; hardware width of this run: {Gemm.DetectedIsa} ({MachineInfo.Isa})"
            + (emulated.Length == 0 ? "; none in software" : $"; in software: {string.Join(", ", emulated)}"));
    }

    [Fact]
    public void Buffers_that_are_too_small_are_rejected_with_the_sizes()
    {
        var act = () => Gemm.MultiplyNN<float>(new float[5], new float[6], new float[6], 2, 3, 3, GemmEpilogue<float>.Overwrite);
        act.Should().Throw<ArgumentException>().WithMessage("*m=2, n=3, k=3*A has 5*");
        var shortBias = () => Gemm.MultiplyNN<float>(new float[6], new float[9], new float[6], 2, 3, 3, new() { Bias = new float[2] });
        shortBias.Should().Throw<ArgumentException>().WithMessage("*bias has 2 elements but C has 3 columns*");
    }

    [Fact]
    public void A_steady_state_call_allocates_nothing()
    {
        var a = Random<float>(64 * 80, 1);
        var b = Random<float>(80 * 96, 2);
        var c = new float[64 * 96];
        var bias = Random<float>(96, 3);
        Gemm.MultiplyTN<float>(b, a, new float[96 * 80], 96, 80, 64, GemmEpilogue<float>.Overwrite);
        Gemm.MultiplyNN<float>(a, b, c, 64, 96, 80, GemmEpilogue<float>.Overwrite);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Gemm.MultiplyNN<float>(a, b, c, 64, 96, 80, GemmEpilogue<float>.Overwrite);
        Gemm.MultiplyNN<float>(a, b, c, 64, 96, 80, new() { Bias = bias, ReLU = true });
        Gemm.MultiplyNN<float>(a, b, c, 64, 96, 80, GemmEpilogue<float>.AddToC);
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
                Multiply(isa, op, a, b, c, m, n, k, new() { Accumulate = accumulate });
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

    internal static void Multiply<T>(GemmIsa isa, Op op, T[] a, T[] b, T[] c, int m, int n, int k, in GemmEpilogue<T> epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Gemm.ForceIsaForTests(isa);
        try
        {
            switch (op)
            {
                case Op.NN:
                    Gemm.MultiplyNN<T>(a, b, c, m, n, k, epilogue);
                    break;
                case Op.TN:
                    Gemm.MultiplyTN<T>(a, b, c, m, n, k, epilogue);
                    break;
                default:
                    Gemm.MultiplyNT<T>(a, b, c, m, n, k, epilogue);
                    break;
            }
        }
        finally
        {
            Gemm.ForceIsaForTests(null);
        }
    }

    [Theory]
    [InlineData("Vector256")]
    [InlineData("Vector512")]
    public unsafe void The_small_path_touches_nothing_past_C_even_for_a_partial_last_vector(string isaName)
    {
        // The 512-bit small path stores a row's partial last vector whole, keeping the lanes past the row's end as they
        // were (C's next row) — never past C's last element, which may be another thread's rows (a split inference
        // pass). C ends here exactly where an inaccessible page begins: reading or writing one element past it crashes.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var isa = Enum.Parse<GemmIsa>(isaName);
        using var fence = new PageFence();
        foreach (var (m, n, k) in new[] { (32, 10, 32), (9, 3, 17), (5, 21, 8), (3, 1, 4), (32, 32, 64) })
        {
            foreach (var (accumulate, withBias, relu) in EpilogueVariants())
            {
                var a = Random<float>(m * k, m + k);
                var b = Random<float>(k * n, n + 1);
                var bias = withBias ? Random<float>(n, 3) : [];
                var expected = Random<float>(m * n, 5);
                var c = fence.FloatsEndingAtTheFence(m * n);
                expected.CopyTo(c);
                Gemm.SmallPathEnabled = false;
                try
                {
                    Multiply(GemmIsa.Scalar, Op.NN, a, b, expected, m, n, k, new() { Accumulate = accumulate, Bias = bias, ReLU = relu });
                }
                finally
                {
                    Gemm.SmallPathEnabled = true;
                }

                Gemm.ForceIsaForTests(isa);
                try
                {
                    Gemm.MultiplyNN<float>(a, b, c, m, n, k, new() { Accumulate = accumulate, Bias = bias, ReLU = relu });
                }
                finally
                {
                    Gemm.ForceIsaForTests(null);
                }

                c.ToArray().Should().Equal(expected, $"{isa} m={m} n={n} k={k} accumulate={accumulate} bias={withBias} relu={relu}");
            }
        }
    }

    /// <summary>Every combination of the epilogue's three steps: accumulate into C, add a bias, ReLU.</summary>
    private static IEnumerable<(bool Accumulate, bool Bias, bool ReLU)> EpilogueVariants()
        => from accumulate in new[] { false, true }
           from bias in new[] { false, true }
           from relu in new[] { false, true }
           select (accumulate, bias, relu);

    /// <summary>One product through both small paths (Vector256 and Vector512 forced, so they run on any machine) and through the packed kernels of <paramref name="isa"/>.</summary>
    private static void CompareSmallWithPacked<T>(GemmIsa isa, Op op, int m, int n, int k, bool accumulate, bool withBias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Random<T>(m * k, m + n);
        var b = Random<T>(k * n, n + k);
        var bias = withBias ? Random<T>(n, m + k) : [];
        var small = Random<T>(m * n, 9);
        var packed = (T[])small.Clone();
        var small512 = (T[])small.Clone();
        Multiply(GemmIsa.Vector256, op, a, b, small, m, n, k, new() { Accumulate = accumulate, Bias = bias, ReLU = relu });
        Multiply(GemmIsa.Vector512, op, a, b, small512, m, n, k, new() { Accumulate = accumulate, Bias = bias, ReLU = relu });
        Gemm.SmallPathEnabled = false;
        try
        {
            Multiply(isa, op, a, b, packed, m, n, k, new() { Accumulate = accumulate, Bias = bias, ReLU = relu });
        }
        finally
        {
            Gemm.SmallPathEnabled = true;
        }

        small.Should().Equal(packed, $"{typeof(T).Name} {op} m={m} n={n} k={k} accumulate={accumulate} bias={withBias} relu={relu}, 256-bit small path, packed on {isa}");
        small512.Should().Equal(packed, $"{typeof(T).Name} {op} m={m} n={n} k={k} accumulate={accumulate} bias={withBias} relu={relu}, 512-bit small path, packed on {isa}");
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
