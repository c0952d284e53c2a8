using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Kernels;

/// <summary>
/// General matrix multiply on row-major spans: <c>C = op(A)·op(B) (+ C when accumulating) (+ bias) (then ReLU)</c>, the
/// last three steps chosen by a <see cref="GemmEpilogue{T}"/>.
/// </summary>
/// <remarks>
/// <para>Packed and cache-blocked (BLIS style). op(A) is packed into slivers of <see cref="MR"/> rows and op(B)
/// into slivers of NR columns, k-major, so the transposes backward needs (Aᵀ·B, A·Bᵀ) cost only a different
/// packing loop and are never materialised. A register-blocked micro-kernel multiplies one MR×NR tile over a
/// block of at most <see cref="KC"/> steps of k, with the accumulators held in vector registers; the widest vector the
/// hardware accelerates is chosen at start-up (Vector512 → Vector256 → Vector128 → scalar).</para>
/// <para>Threads: packing, then the C tiles, are fixed blocks handed out to the pool. Every element of C is the same
/// sequence of fused multiply-adds (k in order, split into blocks whose depth depends on k alone, see <see cref="DepthBlock"/>) whichever thread
/// computes it, so results are bit-identical for any thread count. Small products run on the calling thread, through
/// <see cref="GemmSmall"/> (or <see cref="GemmSmall512"/> where the family is <see cref="GemmIsa.Vector512"/> and C is
/// at least one 512-bit vector wide) when they
/// fit one k block or have at most two rows (same operations in the same order, so the same bits).</para>
/// <para>Packing buffers and the job object are per calling thread and reused: a steady-state call allocates nothing.</para>
/// </remarks>
internal static unsafe class Gemm
{
    /// <summary>Rows of C per micro-tile.</summary>
    public const int MR = 6;

    /// <summary>Largest depth of one k block.</summary>
    public const int KC = 256;

    private const long ParallelFlops = 1L << 20;

    /// <summary>Products of at most this many FLOP (and k ≤ <see cref="KC"/>) take the unpacked <see cref="GemmSmall"/> path.</summary>
    private const long SmallFlops = 1L << 20;

    /// <summary>
    /// Products of at most this many rows take the unpacked path whatever their size: packing would copy all of op(B)
    /// to use it once or twice (single-row inference: 784×512 weights per call), where the small path streams it once.
    /// </summary>
    private const int SmallRows = 2;

    [ThreadStatic]
    private static GemmIsa? _isaOverride;

    [ThreadStatic]
    private static bool _smallPathDisabled;

    /// <summary>
    /// Whether small products on the current thread may take the unpacked path (on by default; tests turn it off to
    /// check that both paths give bit-identical results).
    /// </summary>
    public static bool SmallPathEnabled
    {
        get => !_smallPathDisabled;
        set => _smallPathDisabled = !value;
    }

    /// <summary>The micro-kernel family chosen from the hardware at start-up.</summary>
    public static GemmIsa DetectedIsa { get; } = Detect();

    /// <summary>
    /// The micro-kernel family used by GEMM calls made on the current thread: <see cref="DetectedIsa"/> unless a test
    /// forces a narrower one (every rung of the ladder can then be checked on one machine).
    /// </summary>
    public static GemmIsa Isa
    {
        get => _isaOverride ?? DetectedIsa;
        set
        {
            if (value > DetectedIsa)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"This machine supports GEMM kernels up to {DetectedIsa}.");
            }

            _isaOverride = value;
        }
    }

    /// <summary>
    /// Runs GEMM calls made on the current thread on the micro-kernels of <paramref name="isa"/> whatever the hardware
    /// (<see langword="null"/> goes back to <see cref="DetectedIsa"/>). Tests only: where the CPU lacks a width, .NET
    /// runs that width's vector operations in software — slowly, but with the same results (each lane's fused
    /// multiply-add is rounded once either way) — so every family can be checked against the scalar reference on any
    /// machine, not only the ones up to the widest the hardware accelerates.
    /// </summary>
    /// <param name="isa">The family to force, or <see langword="null"/>.</param>
    internal static void ForceIsaForTests(GemmIsa? isa) => _isaOverride = isa;

    /// <summary>C[m,n] = A[m,k] · B[k,n], finished by <paramref name="epilogue"/> (accumulate into C, bias, ReLU).</summary>
    public static void MultiplyNN<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, in GemmEpilogue<T> epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(a, b, c, m, n, k, transposeA: false, transposeB: false, epilogue);

    /// <summary>
    /// C[m,n] = Aᵀ · B where A is stored [k,m] and B is [k,n] (weight gradients), finished by <paramref name="epilogue"/>.
    /// </summary>
    public static void MultiplyTN<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, in GemmEpilogue<T> epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(a, b, c, m, n, k, transposeA: true, transposeB: false, epilogue);

    /// <summary>
    /// C[m,n] = A · Bᵀ where A is [m,k] and B is stored [n,k] (input gradients), finished by <paramref name="epilogue"/>.
    /// </summary>
    public static void MultiplyNT<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, in GemmEpilogue<T> epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(a, b, c, m, n, k, transposeA: false, transposeB: true, epilogue);

    /// <summary>
    /// Depth of the k blocks for a product of depth <paramref name="k"/>: k split into the fewest blocks of at most
    /// <see cref="KC"/>, evened out (784 → 3 × 262, not 256 + 256 + 256 + 16, whose thin last block would cost a whole
    /// extra pass over C). It depends on k alone, which fixes the summation order for every thread count.
    /// </summary>
    public static int DepthBlock(int k)
    {
        int blocks = Math.Max(1, (k + KC - 1) / KC);
        return (k + blocks - 1) / blocks;
    }

    /// <summary>Columns of C per micro-tile for an element type and kernel family.</summary>
    public static int NR<T>(GemmIsa isa)
        where T : unmanaged, IFloatingPointIeee754<T>
        => isa switch
        {
            GemmIsa.Vector512 => 2 * Vector512<T>.Count,
            GemmIsa.Vector256 => 2 * Vector256<T>.Count,
            GemmIsa.Vector128 => 2 * Vector128<T>.Count,
            _ => GemmKernels.ScalarNR,
        };

    private static GemmIsa Detect()
    {
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            return GemmIsa.Vector512;
        }

        if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
        {
            return GemmIsa.Vector256;
        }

        if (Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.IsSupported))
        {
            return GemmIsa.Vector128;
        }

        return GemmIsa.Scalar;
    }

    private static void Run<T>(
        ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool transposeA, bool transposeB, in GemmEpilogue<T> epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> bias = epilogue.Bias;
        bool accumulate = epilogue.Accumulate;
        bool relu = epilogue.ReLU;
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"GEMM sizes must be ≥ 0; got m={m}, n={n}, k={k}.");
        }

        if ((long)m * k > a.Length || (long)k * n > b.Length || (long)m * n > c.Length)
        {
            throw new ArgumentException(
                $"GEMM buffers too small for m={m}, n={n}, k={k}: A has {a.Length}, B {b.Length}, C {c.Length} elements.");
        }

        if (!bias.IsEmpty && bias.Length < n)
        {
            throw new ArgumentException($"The bias has {bias.Length} elements but C has {n} columns.", nameof(epilogue));
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        fixed (T* pbias = bias)
        {
            if (k == 0)
            {
                GemmKernels.EpilogueOnly(pc, m, n, accumulate, pbias, relu);
                return;
            }

            var job = GemmJob<T>.ForCurrentThread;
            GemmIsa isa = Isa;
            if (isa >= GemmIsa.Vector256 && ((k <= KC && 2L * m * n * k <= SmallFlops) || m <= SmallRows) && !_smallPathDisabled)
            {
                // 512-bit vectors where the family has them and C is at least one such vector wide; a narrower C (a
                // 10-class head) is one partial vector either way, whose tail the 256-bit path stores in fewer scalar
                // steps (32×10×32: 0.54 against 1.2 µs).
                if (isa == GemmIsa.Vector512 && n >= Vector512<T>.Count)
                {
                    int lanes512 = Vector512<T>.Count;
                    T* scratch512 = GemmSmall512.ReadsBInPlace<T>(transposeB, n) ? null : job.SmallScratch((long)k * ((n + lanes512 - 1) / lanes512 * lanes512));
                    GemmSmall512.Multiply(transposeA, transposeB, pa, pb, pc, m, n, k, accumulate, pbias, relu, scratch512);
                    return;
                }

                int lanes = Vector256<T>.Count;
                T* scratch = GemmSmall.ReadsBInPlace<T>(transposeB, n) ? null : job.SmallScratch((long)k * ((n + lanes - 1) / lanes * lanes));
                GemmSmall.Multiply(transposeA, transposeB, pa, pb, pc, m, n, k, accumulate, pbias, relu, scratch);
                return;
            }

            bool parallel = 2L * m * n * k >= ParallelFlops && Threading.MaxThreads > 1;
            job.Prepare(isa, NR<T>(isa), transposeA, transposeB, pa, pb, pc, m, n, k, accumulate, pbias, relu, parallel ? Threading.MaxThreads : 1);
            job.Packing = true;
            RunBlocks(job, job.PackBlocks, parallel);
            job.Packing = false;
            RunBlocks(job, job.TileCount, parallel);
            job.Release();
        }
    }

    private static void RunBlocks(IBlockJob job, int blocks, bool parallel)
    {
        if (parallel && blocks > 1)
        {
            Threading.For(blocks, job);
            return;
        }

        for (int i = 0; i < blocks; i++)
        {
            job.RunBlock(i);
        }
    }
}
