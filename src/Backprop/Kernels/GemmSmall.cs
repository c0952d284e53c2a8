using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// The GEMM path for small products (digits-sized layers, 10-class output layers): no A packing, no tiles, no
/// threads. op(B) is copied once into a [k, n rounded up to a vector] scratch (this also lays out Bᵀ for A·Bᵀ), then
/// row blocks of C are accumulated in registers, vector by vector, straight from op(A).
/// </summary>
/// <remarks>
/// Used only when k fits one k block (k ≤ <see cref="Gemm.KC"/>): each element is then the same chain
/// <c>acc = fma(a[p], b[p], acc)</c> for p in order from zero, followed by <c>((acc + C) + bias)</c> and ReLU, as in
/// the packed kernels, so both paths give bit-identical results and the choice between them never shows.
/// </remarks>
internal static unsafe class GemmSmall
{
    /// <summary>C = op(A)·op(B) (+ C) (+ bias) (ReLU), with 256-bit vectors; <paramref name="scratch"/> holds k·roundUp(n, lanes) elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<T>(bool transA, bool transB, T* a, T* b, T* c, int m, int n, int k, bool accumulate, T* bias, bool relu, T* scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        int ldb = (n + w - 1) / w * w;
        CopyB(transB, b, n, k, scratch, ldb);

        // op(A)[i, p] = a[i·strideRow + p·strideDepth].
        long strideRow = transA ? 1 : k;
        long strideDepth = transA ? m : 1;
        int vectors = ldb / w;
        int v = 0;
        for (; v + 4 <= vectors; v += 4)
        {
            int i = 0;
            for (; i + 2 <= m; i += 2)
            {
                Rows2x4(a + (i * strideRow), strideRow, strideDepth, scratch + (v * w), ldb, k, c + ((long)i * n), n, v * w, accumulate, bias, relu);
            }

            for (; i < m; i++)
            {
                for (int u = 0; u < 4; u++)
                {
                    Rows4x1(a + (i * strideRow), strideRow, strideDepth, 1, scratch + ((v + u) * w), ldb, k, c + ((long)i * n), n, (v + u) * w, accumulate, bias, relu);
                }
            }
        }

        for (; v < vectors; v++)
        {
            for (int i = 0; i < m; i += 4)
            {
                Rows4x1(a + (i * strideRow), strideRow, strideDepth, Math.Min(4, m - i), scratch + (v * w), ldb, k, c + ((long)i * n), n, v * w, accumulate, bias, relu);
            }
        }
    }

    private static void CopyB<T>(bool transB, T* b, int n, int k, T* d, int ldb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = 0; p < k; p++)
        {
            T* row = d + ((long)p * ldb);
            if (transB)
            {
                T* src = b + p;
                for (int j = 0; j < n; j++, src += k)
                {
                    row[j] = *src;
                }
            }
            else
            {
                new ReadOnlySpan<T>(b + ((long)p * n), n).CopyTo(new Span<T>(row, n));
            }

            for (int j = n; j < ldb; j++)
            {
                row[j] = T.Zero;
            }
        }
    }

    /// <summary>Two rows of C × four vectors of columns starting at column <paramref name="j0"/> (eight accumulators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows2x4<T>(T* a, long strideRow, long strideDepth, T* b, int ldb, int k, T* c, int ldc, int j0, bool accumulate, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<T> c10 = default, c11 = default, c12 = default, c13 = default;
        T* a0 = a;
        T* a1 = a + strideRow;
        for (int p = 0; p < k; p++, b += ldb)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + w);
            var b2 = Vector256.Load(b + (2 * w));
            var b3 = Vector256.Load(b + (3 * w));
            var x = Vector256.Create(a0[p * strideDepth]);
            c00 = Fma(x, b0, c00);
            c01 = Fma(x, b1, c01);
            c02 = Fma(x, b2, c02);
            c03 = Fma(x, b3, c03);
            x = Vector256.Create(a1[p * strideDepth]);
            c10 = Fma(x, b0, c10);
            c11 = Fma(x, b1, c11);
            c12 = Fma(x, b2, c12);
            c13 = Fma(x, b3, c13);
        }

        Store(c00, c + j0, ldc - j0, accumulate, bias, j0, relu);
        Store(c01, c + j0 + w, ldc - j0 - w, accumulate, bias, j0 + w, relu);
        Store(c02, c + j0 + (2 * w), ldc - j0 - (2 * w), accumulate, bias, j0 + (2 * w), relu);
        Store(c03, c + j0 + (3 * w), ldc - j0 - (3 * w), accumulate, bias, j0 + (3 * w), relu);
        T* r1 = c + ldc;
        Store(c10, r1 + j0, ldc - j0, accumulate, bias, j0, relu);
        Store(c11, r1 + j0 + w, ldc - j0 - w, accumulate, bias, j0 + w, relu);
        Store(c12, r1 + j0 + (2 * w), ldc - j0 - (2 * w), accumulate, bias, j0 + (2 * w), relu);
        Store(c13, r1 + j0 + (3 * w), ldc - j0 - (3 * w), accumulate, bias, j0 + (3 * w), relu);
    }

    /// <summary>Up to four rows of C × one vector of columns starting at column <paramref name="j0"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows4x1<T>(T* a, long strideRow, long strideDepth, int rows, T* b, int ldb, int k, T* c, int ldc, int j0, bool accumulate, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector256<T> c0 = default, c1 = default, c2 = default, c3 = default;
        T* a0 = a;
        T* a1 = rows > 1 ? a + strideRow : a;
        T* a2 = rows > 2 ? a + (2 * strideRow) : a;
        T* a3 = rows > 3 ? a + (3 * strideRow) : a;
        for (int p = 0; p < k; p++, b += ldb)
        {
            var bv = Vector256.Load(b);
            long o = p * strideDepth;
            c0 = Fma(Vector256.Create(a0[o]), bv, c0);
            c1 = Fma(Vector256.Create(a1[o]), bv, c1);
            c2 = Fma(Vector256.Create(a2[o]), bv, c2);
            c3 = Fma(Vector256.Create(a3[o]), bv, c3);
        }

        int left = ldc - j0;
        Store(c0, c + j0, left, accumulate, bias, j0, relu);
        if (rows > 1)
        {
            Store(c1, c + ldc + j0, left, accumulate, bias, j0, relu);
        }

        if (rows > 2)
        {
            Store(c2, c + (2L * ldc) + j0, left, accumulate, bias, j0, relu);
        }

        if (rows > 3)
        {
            Store(c3, c + (3L * ldc) + j0, left, accumulate, bias, j0, relu);
        }
    }

    /// <summary>Stores min(lanes, <paramref name="left"/>) columns: ((acc + C) + bias), then ReLU.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector256<T> acc, T* dst, int left, bool accumulate, T* bias, int j, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        if (left >= w)
        {
            if (accumulate)
            {
                acc += Vector256.Load(dst);
            }

            if (bias != null)
            {
                acc += Vector256.Load(bias + j);
            }

            if (relu)
            {
                acc = Vector256.Max(acc, Vector256<T>.Zero);
            }

            acc.Store(dst);
            return;
        }

        for (int x = 0; x < left; x++)
        {
            T v = acc.GetElement(x);
            if (accumulate)
            {
                v += dst[x];
            }

            if (bias != null)
            {
                v += bias[j + x];
            }

            dst[x] = relu ? T.Max(v, T.Zero) : v;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        }

        return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }
}
