using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Kernels;

/// <summary>
/// The GEMM building blocks: packing of op(A)/op(B) into k-major slivers, and the register-blocked micro-kernels
/// (one per vector width) with their fused epilogue (add existing C, add bias, ReLU).
/// </summary>
/// <remarks>
/// Every kernel computes each element as <c>acc = fma(a[p], b[p], acc)</c> for p in order, then
/// <c>((acc + C) + bias)</c>, then ReLU — the same operations in the same order whether a tile is full
/// (stored straight from registers) or partial (stored through a scratch tile).
/// </remarks>
internal static unsafe class GemmKernels
{
    /// <summary>Columns per micro-tile of the scalar kernel.</summary>
    public const int ScalarNR = 4;

    private const int MR = Gemm.MR;

    /// <summary>
    /// Packs rows [6s, 6s+6) of A (stored [m,k]) as one k-major 6-row sliver, zero-padded: p outermost, so the sliver is
    /// written sequentially and the source read as six sequential streams.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackASliver<T>(T* a, int m, int k, T* packed, int sliver)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i0 = sliver * MR;
        int rows = Math.Min(MR, m - i0);
        T* d = packed + ((long)sliver * k * MR);
        T* r0 = a + ((long)i0 * k);
        if (rows == MR)
        {
            T* r1 = r0 + k, r2 = r1 + k, r3 = r2 + k, r4 = r3 + k, r5 = r4 + k;
            for (int p = 0; p < k; p++, d += MR)
            {
                d[0] = r0[p];
                d[1] = r1[p];
                d[2] = r2[p];
                d[3] = r3[p];
                d[4] = r4[p];
                d[5] = r5[p];
            }

            return;
        }

        for (int p = 0; p < k; p++, d += MR)
        {
            int r = 0;
            for (; r < rows; r++)
            {
                d[r] = r0[((long)r * k) + p];
            }

            for (; r < MR; r++)
            {
                d[r] = T.Zero;
            }
        }
    }

    /// <summary>
    /// Packs rows [p0, p1) of a matrix stored [k, width] into every sliver of <paramref name="sliverWidth"/> columns
    /// (Aᵀ stored [k,m] with width 6, or B stored [k,n] with width NR), zero-padding the last sliver: each source row
    /// is read once, sequentially, and scattered into the slivers at depth p.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackRows<T>(T* source, int width, int k, T* packed, int sliverWidth, int p0, int p1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int fullSlivers = width / sliverWidth;
        int tail = width - (fullSlivers * sliverWidth);
        long sliverStride = (long)k * sliverWidth;
        for (int p = p0; p < p1; p++)
        {
            T* src = source + ((long)p * width);
            T* d = packed + ((long)p * sliverWidth);
            for (int s = 0; s < fullSlivers; s++, src += sliverWidth, d += sliverStride)
            {
                CopyRun(src, d, sliverWidth);
            }

            if (tail > 0)
            {
                CopyRun(src, d, tail);
                for (int col = tail; col < sliverWidth; col++)
                {
                    d[col] = T.Zero;
                }
            }
        }
    }

    /// <summary>
    /// Packs columns [nr·s, nr·s+nr) of Bᵀ, i.e. rows of B stored [n,k], as one k-major sliver, zero-padded: p outermost,
    /// so the sliver is written sequentially and the source read as <paramref name="nr"/> sequential streams.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackBTransposedSliver<T>(T* b, int n, int k, T* packed, int sliver, int nr)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && GemmTransposePack.TryPackFloat((float*)b, n, k, (float*)packed, sliver, nr))
        {
            return;
        }

        int j0 = sliver * nr;
        int cols = Math.Min(nr, n - j0);
        T* d = packed + ((long)sliver * k * nr);
        T* c0 = b + ((long)j0 * k);
        for (int p = 0; p < k; p++, d += nr)
        {
            T* s = c0 + p;
            int col = 0;
            for (; col < cols; col++, s += k)
            {
                d[col] = *s;
            }

            for (; col < nr; col++)
            {
                d[col] = T.Zero;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRun<T>(T* src, T* dst, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<T>.Count <= count; i += Vector256<T>.Count)
            {
                Vector256.Store(Vector256.Load(src + i), dst + i);
            }
        }

        // Then 128-bit pieces: a 6-wide A sliver of floats is one of these plus two scalars.
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<T>.Count <= count; i += Vector128<T>.Count)
            {
                Vector128.Store(Vector128.Load(src + i), dst + i);
            }
        }

        for (; i < count; i++)
        {
            dst[i] = src[i];
        }
    }

    /// <summary>Scalar micro-kernel (no SIMD): MR × <see cref="ScalarNR"/> accumulators in the scratch tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void KernelScalar<T>(int kc, T* a, T* b, T* c, int ldc, int rows, int cols, bool load, T* bias, bool relu, T* scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int nr = ScalarNR;
        for (int x = 0; x < MR * nr; x++)
        {
            scratch[x] = T.Zero;
        }

        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < MR; r++)
            {
                T ar = a[r];
                T* acc = scratch + (r * nr);
                for (int j = 0; j < nr; j++)
                {
                    acc[j] = T.FusedMultiplyAdd(ar, b[j], acc[j]);
                }
            }

            a += MR;
            b += nr;
        }

        StorePartial(scratch, nr, c, ldc, rows, cols, load, bias, relu);
    }

    /// <summary>
    /// Asks for the C rows a micro-tile will add to once its k loop is done, so that the misses (the weight gradient's
    /// C is megabytes, last touched a whole step ago) overlap the FMAs instead of stalling the store.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchTile<T>(T* c, int ldc, int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            T* row = c + ((long)r * ldc);
            Sse.Prefetch0(row);
            Sse.Prefetch0(row + columns - 1);
        }
    }

    /// <summary>C = (accumulate ? C : 0) + bias, then ReLU: the whole product when k = 0.</summary>
    public static void EpilogueOnly<T>(T* c, int m, int n, bool accumulate, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            T* row = c + ((long)i * n);
            for (int j = 0; j < n; j++)
            {
                T v = accumulate ? T.Zero + row[j] : T.Zero;
                if (bias != null)
                {
                    v += bias[j];
                }

                row[j] = relu ? T.Max(v, T.Zero) : v;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StorePartial<T>(T* tile, int ld, T* c, int ldc, int rows, int cols, bool load, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            T* src = tile + (r * ld);
            T* dst = c + ((long)r * ldc);
            for (int j = 0; j < cols; j++)
            {
                T v = src[j];
                if (load)
                {
                    v += dst[j];
                }

                if (bias != null)
                {
                    v += bias[j];
                }

                dst[j] = relu ? T.Max(v, T.Zero) : v;
            }
        }
    }

    /// <summary>MR × (2 × Vector512 lanes) micro-kernel over kc steps: the widest kernel; each step broadcasts 6 values of A against 2 vectors of B (12 FMA accumulators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel512<T>(int kc, T* a, T* b, T* c, int ldc, int rows, int cols, bool load, T* bias, bool relu, T* scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        if (load)
        {
            PrefetchTile(c, ldc, rows, 2 * w);
        }

        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            var x = Vector512.Create(a[0]);
            c00 = Fma(x, b0, c00);
            c01 = Fma(x, b1, c01);
            x = Vector512.Create(a[1]);
            c10 = Fma(x, b0, c10);
            c11 = Fma(x, b1, c11);
            x = Vector512.Create(a[2]);
            c20 = Fma(x, b0, c20);
            c21 = Fma(x, b1, c21);
            x = Vector512.Create(a[3]);
            c30 = Fma(x, b0, c30);
            c31 = Fma(x, b1, c31);
            x = Vector512.Create(a[4]);
            c40 = Fma(x, b0, c40);
            c41 = Fma(x, b1, c41);
            x = Vector512.Create(a[5]);
            c50 = Fma(x, b0, c50);
            c51 = Fma(x, b1, c51);
            a += MR;
            b += 2 * w;
        }

        int nr = 2 * w;
        bool full = rows == MR && cols == nr;
        T* dst = full ? c : scratch;
        int ld = full ? ldc : nr;
        bool fuse = full;
        Store(dst, w, c00, c01, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + ld, w, c10, c11, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + (2 * ld), w, c20, c21, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + (3 * ld), w, c30, c31, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + (4 * ld), w, c40, c41, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + (5 * ld), w, c50, c51, fuse && load, fuse ? bias : null, fuse && relu);
        if (!full)
        {
            StorePartial(scratch, nr, c, ldc, rows, cols, load, bias, relu);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* dst, int w, Vector512<T> v0, Vector512<T> v1, bool load, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (load)
        {
            v0 += Vector512.Load(dst);
            v1 += Vector512.Load(dst + w);
        }

        if (bias != null)
        {
            v0 += Vector512.Load(bias);
            v1 += Vector512.Load(bias + w);
        }

        if (relu)
        {
            v0 = Vector512.Max(v0, Vector512<T>.Zero);
            v1 = Vector512.Max(v1, Vector512<T>.Zero);
        }

        v0.Store(dst);
        v1.Store(dst + w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        }

        return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }

    /// <summary>MR × (2 × Vector256 lanes) micro-kernel over kc steps; see <see cref="Kernel512{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel256<T>(int kc, T* a, T* b, T* c, int ldc, int rows, int cols, bool load, T* bias, bool relu, T* scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        if (load)
        {
            PrefetchTile(c, ldc, rows, 2 * w);
        }

        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + w);
            var x = Vector256.Create(a[0]);
            c00 = Fma(x, b0, c00);
            c01 = Fma(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Fma(x, b0, c10);
            c11 = Fma(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = Fma(x, b0, c20);
            c21 = Fma(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = Fma(x, b0, c30);
            c31 = Fma(x, b1, c31);
            x = Vector256.Create(a[4]);
            c40 = Fma(x, b0, c40);
            c41 = Fma(x, b1, c41);
            x = Vector256.Create(a[5]);
            c50 = Fma(x, b0, c50);
            c51 = Fma(x, b1, c51);
            a += MR;
            b += 2 * w;
        }

        int nr = 2 * w;
        bool full = rows == MR && cols == nr;
        T* dst = full ? c : scratch;
        int ld = full ? ldc : nr;
        bool fuse = full;
        Store(dst, w, c00, c01, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + ld, w, c10, c11, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + (2 * ld), w, c20, c21, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + (3 * ld), w, c30, c31, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + (4 * ld), w, c40, c41, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + (5 * ld), w, c50, c51, fuse && load, fuse ? bias : null, fuse && relu);
        if (!full)
        {
            StorePartial(scratch, nr, c, ldc, rows, cols, load, bias, relu);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* dst, int w, Vector256<T> v0, Vector256<T> v1, bool load, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (load)
        {
            v0 += Vector256.Load(dst);
            v1 += Vector256.Load(dst + w);
        }

        if (bias != null)
        {
            v0 += Vector256.Load(bias);
            v1 += Vector256.Load(bias + w);
        }

        if (relu)
        {
            v0 = Vector256.Max(v0, Vector256<T>.Zero);
            v1 = Vector256.Max(v1, Vector256<T>.Zero);
        }

        v0.Store(dst);
        v1.Store(dst + w);
    }

    /// <summary>acc + x·y with one rounding, on 256-bit vectors of float or double (shared with <see cref="GemmSmall"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        }

        return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }

    /// <summary>MR × (2 × Vector128 lanes) micro-kernel over kc steps; see <see cref="Kernel512{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel128<T>(int kc, T* a, T* b, T* c, int ldc, int rows, int cols, bool load, T* bias, bool relu, T* scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector128<T>.Count;
        if (load)
        {
            PrefetchTile(c, ldc, rows, 2 * w);
        }

        Vector128<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector128<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + w);
            var x = Vector128.Create(a[0]);
            c00 = Fma(x, b0, c00);
            c01 = Fma(x, b1, c01);
            x = Vector128.Create(a[1]);
            c10 = Fma(x, b0, c10);
            c11 = Fma(x, b1, c11);
            x = Vector128.Create(a[2]);
            c20 = Fma(x, b0, c20);
            c21 = Fma(x, b1, c21);
            x = Vector128.Create(a[3]);
            c30 = Fma(x, b0, c30);
            c31 = Fma(x, b1, c31);
            x = Vector128.Create(a[4]);
            c40 = Fma(x, b0, c40);
            c41 = Fma(x, b1, c41);
            x = Vector128.Create(a[5]);
            c50 = Fma(x, b0, c50);
            c51 = Fma(x, b1, c51);
            a += MR;
            b += 2 * w;
        }

        int nr = 2 * w;
        bool full = rows == MR && cols == nr;
        T* dst = full ? c : scratch;
        int ld = full ? ldc : nr;
        bool fuse = full;
        Store(dst, w, c00, c01, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + ld, w, c10, c11, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + (2 * ld), w, c20, c21, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + (3 * ld), w, c30, c31, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + (4 * ld), w, c40, c41, fuse && load, fuse ? bias : null, fuse && relu);
        Store(dst + (5 * ld), w, c50, c51, fuse && load, fuse ? bias : null, fuse && relu);
        if (!full)
        {
            StorePartial(scratch, nr, c, ldc, rows, cols, load, bias, relu);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* dst, int w, Vector128<T> v0, Vector128<T> v1, bool load, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (load)
        {
            v0 += Vector128.Load(dst);
            v1 += Vector128.Load(dst + w);
        }

        if (bias != null)
        {
            v0 += Vector128.Load(bias);
            v1 += Vector128.Load(bias + w);
        }

        if (relu)
        {
            v0 = Vector128.Max(v0, Vector128<T>.Zero);
            v1 = Vector128.Max(v1, Vector128<T>.Zero);
        }

        v0.Store(dst);
        v1.Store(dst + w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Fma<T>(Vector128<T> x, Vector128<T> y, Vector128<T> acc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector128.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        }

        return Vector128.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }
}
