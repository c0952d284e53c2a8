using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// <see cref="GemmSmall"/> with 512-bit vectors, for machines whose GEMM family is <see cref="GemmIsa.Vector512"/>: the
/// same register blocks, the same k blocks and the same per-element FMA chains (so the same bits as both the packed
/// kernels and the 256-bit small path), twice the columns per instruction. A digits-sized step's 32-wide products are
/// 2 vectors per row here instead of 4: 0.88 against 1.42 µs for the 32×32×64 forward product (Zen 5).
/// </summary>
/// <remarks>
/// Kept a line-for-line copy of <see cref="GemmSmall"/> on purpose: its <c>Block</c> only runs fast while the JIT
/// inlines every kernel and every vector operation into it. A masked whole-vector store for partial last vectors,
/// tried here, grew the inlined stores past the JIT's budget: <c>Vector512.Load</c>, the stores and even float
/// additions became calls, and the same product took 2.5 µs.
/// </remarks>
internal static unsafe class GemmSmall512
{
    /// <summary>True when B is read in place, so <see cref="Multiply"/> needs no scratch.</summary>
    public static bool ReadsBInPlace<T>(bool transB, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
        => !transB && n % Vector512<T>.Count == 0;

    /// <summary>
    /// C = op(A)·op(B) (+ C) (+ bias) (ReLU), with 512-bit vectors; <paramref name="scratch"/> holds k·roundUp(n, lanes)
    /// elements, or is null when <see cref="ReadsBInPlace"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<T>(bool transA, bool transB, T* a, T* b, T* c, int m, int n, int k, bool accumulate, T* bias, bool relu, T* scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        int ldb = (n + w - 1) / w * w;
        if (ReadsBInPlace<T>(transB, n))
        {
            // B is [k, n] with whole vectors per row: the kernels can read it in place.
            scratch = b;
        }
        else
        {
            // One packed sliver ldb columns wide: the packed path's own packers, zero-padding included.
            if (transB)
            {
                GemmKernels.PackBTransposedSliver(b, n, k, scratch, 0, ldb);
            }
            else
            {
                GemmKernels.PackRows(b, n, k, scratch, ldb, 0, k);
            }
        }

        // op(A)[i, p] = a[i·strideRow + p·strideDepth].
        long strideRow = transA ? 1 : k;
        long strideDepth = transA ? m : 1;
        int kc = Gemm.DepthBlock(k);
        for (int pc = 0; pc < k; pc += kc)
        {
            int depth = Math.Min(kc, k - pc);
            bool last = pc + depth == k;
            Block(a + (pc * strideDepth), strideRow, strideDepth, scratch + ((long)pc * ldb), ldb, c, m, n, depth, pc > 0 || accumulate, last ? bias : null, last && relu);
        }
    }

    /// <summary>One k block of <paramref name="k"/> steps over every row and column of C, as one packed tile does it.</summary>
    /// <remarks>
    /// Never inlined, so that the JIT compiles it on its own budget and inlines every register-blocked kernel into it:
    /// inlined into a caller (a layer's forward pass), whether the kernels fitted that caller's budget depended on the
    /// caller's code, and one more call site in Dense's forward pass once made the digits training step 15 % slower.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Block<T>(T* a, long strideRow, long strideDepth, T* scratch, int ldb, T* c, int m, int n, int k, bool accumulate, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        int vectors = ldb / w;
        int v = 0;
        if (m == 1)
        {
            // One row (single-sample inference): eight vectors of columns at a time, eight independent accumulators
            // and no duplicated rows; the remaining vectors take the general kernels below.
            for (; v + 8 <= vectors; v += 8)
            {
                Row1x8(a, strideDepth, scratch + (v * w), ldb, k, c, n, v * w, accumulate, bias, relu);
            }
        }

        for (; v + 4 <= vectors; v += 4)
        {
            int i = 0;
            for (; i + 2 <= m; i += 2)
            {
                Rows2x4(a + (i * strideRow), strideRow, strideDepth, scratch + (v * w), ldb, k, c + ((long)i * n), n, v * w, accumulate, bias, relu);
            }

            if (i < m)
            {
                // One row left: its four vectors as two pairs (the row pointer repeated for the missing rows).
                Rows4x2(a + (i * strideRow), 0, strideDepth, 1, scratch + (v * w), ldb, k, c + ((long)i * n), n, v * w, accumulate, bias, relu);
                Rows4x2(a + (i * strideRow), 0, strideDepth, 1, scratch + ((v + 2) * w), ldb, k, c + ((long)i * n), n, (v + 2) * w, accumulate, bias, relu);
            }
        }

        // Fewer than four vectors left: pairs of vectors against four rows, then a last vector against eight rows —
        // eight independent accumulators either way, enough to cover the FMA latency.
        for (; v + 2 <= vectors; v += 2)
        {
            for (int i = 0; i < m; i += 4)
            {
                Rows4x2(a + (i * strideRow), strideRow, strideDepth, Math.Min(4, m - i), scratch + (v * w), ldb, k, c + ((long)i * n), n, v * w, accumulate, bias, relu);
            }
        }

        if (v < vectors)
        {
            for (int i = 0; i < m; i += 8)
            {
                Rows8x1(a + (i * strideRow), strideRow, strideDepth, Math.Min(8, m - i), scratch + (v * w), ldb, k, c + ((long)i * n), n, v * w, accumulate, bias, relu);
            }
        }
    }

    /// <summary>One row of C × eight whole vectors of columns starting at column <paramref name="j0"/> (eight accumulators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row1x8<T>(T* a, long strideDepth, T* b, int ldb, int k, T* c, int ldc, int j0, bool accumulate, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int p = 0; p < k; p++, b += ldb)
        {
            var x = Vector512.Create(a[p * strideDepth]);
            c0 = GemmKernels.Fma(x, Vector512.Load(b), c0);
            c1 = GemmKernels.Fma(x, Vector512.Load(b + w), c1);
            c2 = GemmKernels.Fma(x, Vector512.Load(b + (2 * w)), c2);
            c3 = GemmKernels.Fma(x, Vector512.Load(b + (3 * w)), c3);
            c4 = GemmKernels.Fma(x, Vector512.Load(b + (4 * w)), c4);
            c5 = GemmKernels.Fma(x, Vector512.Load(b + (5 * w)), c5);
            c6 = GemmKernels.Fma(x, Vector512.Load(b + (6 * w)), c6);
            c7 = GemmKernels.Fma(x, Vector512.Load(b + (7 * w)), c7);
        }

        int left = ldc - j0;
        Store(c0, c + j0, left, accumulate, bias, j0, relu);
        Store(c1, c + j0 + w, left - w, accumulate, bias, j0 + w, relu);
        Store(c2, c + j0 + (2 * w), left - (2 * w), accumulate, bias, j0 + (2 * w), relu);
        Store(c3, c + j0 + (3 * w), left - (3 * w), accumulate, bias, j0 + (3 * w), relu);
        Store(c4, c + j0 + (4 * w), left - (4 * w), accumulate, bias, j0 + (4 * w), relu);
        Store(c5, c + j0 + (5 * w), left - (5 * w), accumulate, bias, j0 + (5 * w), relu);
        Store(c6, c + j0 + (6 * w), left - (6 * w), accumulate, bias, j0 + (6 * w), relu);
        Store(c7, c + j0 + (7 * w), left - (7 * w), accumulate, bias, j0 + (7 * w), relu);
    }

    /// <summary>Two rows of C × four vectors of columns starting at column <paramref name="j0"/> (eight accumulators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows2x4<T>(T* a, long strideRow, long strideDepth, T* b, int ldb, int k, T* c, int ldc, int j0, bool accumulate, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<T> c10 = default, c11 = default, c12 = default, c13 = default;
        T* a0 = a;
        T* a1 = a + strideRow;
        for (int p = 0; p < k; p++, b += ldb)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            var b2 = Vector512.Load(b + (2 * w));
            var b3 = Vector512.Load(b + (3 * w));
            var x = Vector512.Create(a0[p * strideDepth]);
            c00 = GemmKernels.Fma(x, b0, c00);
            c01 = GemmKernels.Fma(x, b1, c01);
            c02 = GemmKernels.Fma(x, b2, c02);
            c03 = GemmKernels.Fma(x, b3, c03);
            x = Vector512.Create(a1[p * strideDepth]);
            c10 = GemmKernels.Fma(x, b0, c10);
            c11 = GemmKernels.Fma(x, b1, c11);
            c12 = GemmKernels.Fma(x, b2, c12);
            c13 = GemmKernels.Fma(x, b3, c13);
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

    /// <summary>Up to four rows of C (<paramref name="rows"/>) × two vectors of columns starting at column <paramref name="j0"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows4x2<T>(T* a, long strideRow, long strideDepth, int rows, T* b, int ldb, int k, T* c, int ldc, int j0, bool accumulate, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        T* a0 = a;
        T* a1 = rows > 1 ? a + strideRow : a;
        T* a2 = rows > 2 ? a + (2 * strideRow) : a;
        T* a3 = rows > 3 ? a + (3 * strideRow) : a;
        for (int p = 0; p < k; p++, b += ldb)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            long o = p * strideDepth;
            var x = Vector512.Create(a0[o]);
            c00 = GemmKernels.Fma(x, b0, c00);
            c01 = GemmKernels.Fma(x, b1, c01);
            x = Vector512.Create(a1[o]);
            c10 = GemmKernels.Fma(x, b0, c10);
            c11 = GemmKernels.Fma(x, b1, c11);
            x = Vector512.Create(a2[o]);
            c20 = GemmKernels.Fma(x, b0, c20);
            c21 = GemmKernels.Fma(x, b1, c21);
            x = Vector512.Create(a3[o]);
            c30 = GemmKernels.Fma(x, b0, c30);
            c31 = GemmKernels.Fma(x, b1, c31);
        }

        int left = ldc - j0;
        Store(c00, c + j0, left, accumulate, bias, j0, relu);
        Store(c01, c + j0 + w, left - w, accumulate, bias, j0 + w, relu);
        if (rows > 1)
        {
            Store(c10, c + ldc + j0, left, accumulate, bias, j0, relu);
            Store(c11, c + ldc + j0 + w, left - w, accumulate, bias, j0 + w, relu);
        }

        if (rows > 2)
        {
            Store(c20, c + (2L * ldc) + j0, left, accumulate, bias, j0, relu);
            Store(c21, c + (2L * ldc) + j0 + w, left - w, accumulate, bias, j0 + w, relu);
        }

        if (rows > 3)
        {
            Store(c30, c + (3L * ldc) + j0, left, accumulate, bias, j0, relu);
            Store(c31, c + (3L * ldc) + j0 + w, left - w, accumulate, bias, j0 + w, relu);
        }
    }

    /// <summary>Up to eight rows of C (<paramref name="rows"/>) × one vector of columns starting at column <paramref name="j0"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows8x1<T>(T* a, long strideRow, long strideDepth, int rows, T* b, int ldb, int k, T* c, int ldc, int j0, bool accumulate, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        T* a0 = a;
        T* a1 = rows > 1 ? a + strideRow : a;
        T* a2 = rows > 2 ? a + (2 * strideRow) : a;
        T* a3 = rows > 3 ? a + (3 * strideRow) : a;
        T* a4 = rows > 4 ? a + (4 * strideRow) : a;
        T* a5 = rows > 5 ? a + (5 * strideRow) : a;
        T* a6 = rows > 6 ? a + (6 * strideRow) : a;
        T* a7 = rows > 7 ? a + (7 * strideRow) : a;
        for (int p = 0; p < k; p++, b += ldb)
        {
            var bv = Vector512.Load(b);
            long o = p * strideDepth;
            c0 = GemmKernels.Fma(Vector512.Create(a0[o]), bv, c0);
            c1 = GemmKernels.Fma(Vector512.Create(a1[o]), bv, c1);
            c2 = GemmKernels.Fma(Vector512.Create(a2[o]), bv, c2);
            c3 = GemmKernels.Fma(Vector512.Create(a3[o]), bv, c3);
            c4 = GemmKernels.Fma(Vector512.Create(a4[o]), bv, c4);
            c5 = GemmKernels.Fma(Vector512.Create(a5[o]), bv, c5);
            c6 = GemmKernels.Fma(Vector512.Create(a6[o]), bv, c6);
            c7 = GemmKernels.Fma(Vector512.Create(a7[o]), bv, c7);
        }

        int left = ldc - j0;
        StoreRow(0, rows, c0, c, ldc, j0, left, accumulate, bias, relu);
        StoreRow(1, rows, c1, c, ldc, j0, left, accumulate, bias, relu);
        StoreRow(2, rows, c2, c, ldc, j0, left, accumulate, bias, relu);
        StoreRow(3, rows, c3, c, ldc, j0, left, accumulate, bias, relu);
        StoreRow(4, rows, c4, c, ldc, j0, left, accumulate, bias, relu);
        StoreRow(5, rows, c5, c, ldc, j0, left, accumulate, bias, relu);
        StoreRow(6, rows, c6, c, ldc, j0, left, accumulate, bias, relu);
        StoreRow(7, rows, c7, c, ldc, j0, left, accumulate, bias, relu);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<T>(int row, int rows, Vector512<T> acc, T* c, int ldc, int j0, int left, bool accumulate, T* bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (row < rows)
        {
            Store(acc, c + ((long)row * ldc) + j0, left, accumulate, bias, j0, relu);
        }
    }

    /// <summary>Stores min(lanes, <paramref name="left"/>) columns: ((acc + C) + bias), then ReLU.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector512<T> acc, T* dst, int left, bool accumulate, T* bias, int j, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        if (left >= w)
        {
            if (accumulate)
            {
                acc += Vector512.Load(dst);
            }

            if (bias != null)
            {
                acc += Vector512.Load(bias + j);
            }

            if (relu)
            {
                acc = Vector512.Max(acc, Vector512<T>.Zero);
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
}
