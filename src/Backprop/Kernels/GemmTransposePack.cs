using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Kernels;

/// <summary>
/// Packing of op(B) = Bᵀ for A·Bᵀ products (input gradients: B is a weight matrix stored [n,k]) with 8 × 8 register
/// transposes: eight rows of B are read as eight sequential vectors and written as eight k-steps of the sliver. The
/// scalar gather it replaces read one element per load along 32 rows a kilobyte apart (~100 µs for the 512 × 256
/// weights of MLP-MNIST's second layer, every step). Same values in the same places, so the same bits.
/// </summary>
internal static unsafe class GemmTransposePack
{
    /// <summary>
    /// Packs columns [nr·s, nr·s + nr) of Bᵀ as one k-major sliver, zero-padded, as
    /// <see cref="GemmKernels.PackBTransposedSliver{T}"/> does; returns false (nothing written) when this needs the
    /// scalar path: no AVX, or fewer than 8 columns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryPackFloat(float* b, int n, int k, float* packed, int sliver, int nr)
    {
        int j0 = sliver * nr;
        int cols = Math.Min(nr, n - j0);
        if (!Avx.IsSupported || cols < 8 || k < 8)
        {
            return false;
        }

        int groups = cols / 8 * 8;
        float* d = packed + ((long)sliver * k * nr);
        float* rows = b + ((long)j0 * k);
        int p = 0;
        for (; p + 8 <= k; p += 8)
        {
            for (int g = 0; g < groups; g += 8)
            {
                float* s = rows + ((long)g * k) + p;
                Transpose8(
                    Avx.LoadVector256(s), Avx.LoadVector256(s + k), Avx.LoadVector256(s + (2 * k)), Avx.LoadVector256(s + (3 * k)),
                    Avx.LoadVector256(s + (4 * k)), Avx.LoadVector256(s + (5 * k)), Avx.LoadVector256(s + (6 * k)), Avx.LoadVector256(s + (7 * k)),
                    d + ((long)p * nr) + g,
                    nr);
            }

            for (int q = p; q < p + 8; q++)
            {
                Rest(rows, k, d + ((long)q * nr), q, groups, cols, nr);
            }
        }

        for (; p < k; p++)
        {
            Rest(rows, k, d + ((long)p * nr), p, 0, cols, nr);
        }

        return true;
    }

    /// <summary>Columns [from, cols) of k-step <paramref name="p"/> gathered one by one, then the zero padding up to nr.</summary>
    private static void Rest(float* rows, int k, float* d, int p, int from, int cols, int nr)
    {
        int col = from;
        for (; col < cols; col++)
        {
            d[col] = rows[((long)col * k) + p];
        }

        for (; col < nr; col++)
        {
            d[col] = 0f;
        }
    }

    /// <summary>Writes the transpose of the 8 × 8 block r0…r7 (rows) to dst, dst + ld, …, dst + 7·ld.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7, float* dst, int ld)
    {
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + ld, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + (2 * ld), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + (3 * ld), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + (4 * ld), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + (5 * ld), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + (6 * ld), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + (7 * ld), Avx.Permute2x128(u3, u7, 0x31));
    }
}
