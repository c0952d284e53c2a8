using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Kernels;

/// <summary>
/// General matrix multiply on row-major spans: <c>C = op(A) · op(B) (+ C when accumulating)</c>.
/// Work is split into fixed row blocks of C so that every element is computed by the same sequence of
/// operations whatever the thread count: results are bit-identical for 1 or N threads.
/// </summary>
internal static class Gemm
{
    private const int RowBlock = 16;
    private const long ParallelThreshold = 1L << 18;

    /// <summary>C[m,n] (+)= A[m,k] · B[k,n].</summary>
    public static void MultiplyNN<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(Op.NN, a, b, c, m, n, k, accumulate);

    /// <summary>C[m,n] (+)= Aᵀ · B where A is stored [k,m] and B is [k,n] (weight gradients).</summary>
    public static void MultiplyTN<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(Op.TN, a, b, c, m, n, k, accumulate);

    /// <summary>C[m,n] (+)= A · Bᵀ where A is [m,k] and B is stored [n,k] (input gradients).</summary>
    public static void MultiplyNT<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(Op.NT, a, b, c, m, n, k, accumulate);

    private enum Op
    {
        NN,
        TN,
        NT,
    }

    private static unsafe void Run<T>(Op op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((long)m * k > a.Length || (long)k * n > b.Length || (long)m * n > c.Length)
        {
            throw new ArgumentException($"GEMM buffers too small for m={m}, n={n}, k={k}.");
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        int blocks = (m + RowBlock - 1) / RowBlock;
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            var job = new Job<T>(op, pa, pb, pc, m, n, k, accumulate);
            if ((long)m * n * k < ParallelThreshold || blocks == 1 || Threading.MaxThreads <= 1)
            {
                for (int blk = 0; blk < blocks; blk++)
                {
                    job.RunBlock(blk);
                }
            }
            else
            {
                Threading.For(blocks, job);
            }
        }
    }

    private sealed unsafe class Job<T> : IBlockJob
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Op _op;
        private readonly T* _a;
        private readonly T* _b;
        private readonly T* _c;
        private readonly int _m;
        private readonly int _n;
        private readonly int _k;
        private readonly bool _accumulate;

        public Job(Op op, T* a, T* b, T* c, int m, int n, int k, bool accumulate)
        {
            _op = op;
            _a = a;
            _b = b;
            _c = c;
            _m = m;
            _n = n;
            _k = k;
            _accumulate = accumulate;
        }

        public void RunBlock(int block)
        {
            int i0 = block * RowBlock;
            int i1 = Math.Min(_m, i0 + RowBlock);
            int n = _n;
            int k = _k;
            for (int i = i0; i < i1; i++)
            {
                var crow = new Span<T>(_c + ((long)i * n), n);
                if (!_accumulate)
                {
                    crow.Clear();
                }

                switch (_op)
                {
                    case Op.NN:
                        for (int p = 0; p < k; p++)
                        {
                            Axpy(_a[((long)i * k) + p], new ReadOnlySpan<T>(_b + ((long)p * n), n), crow);
                        }

                        break;
                    case Op.TN:
                        for (int p = 0; p < k; p++)
                        {
                            Axpy(_a[((long)p * _m) + i], new ReadOnlySpan<T>(_b + ((long)p * n), n), crow);
                        }

                        break;
                    default:
                        var arow = new ReadOnlySpan<T>(_a + ((long)i * k), k);
                        for (int j = 0; j < n; j++)
                        {
                            crow[j] += Dot(arow, new ReadOnlySpan<T>(_b + ((long)j * k), k));
                        }

                        break;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy<T>(T alpha, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (alpha == T.Zero)
        {
            return;
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var va = new Vector<T>(alpha);
            ref T xr = ref MemoryMarshal.GetReference(x);
            ref T yr = ref MemoryMarshal.GetReference(y);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var vy = Vector.LoadUnsafe(ref yr, (nuint)i);
                var vx = Vector.LoadUnsafe(ref xr, (nuint)i);
                Fma(va, vx, vy).StoreUnsafe(ref yr, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = T.FusedMultiplyAdd(alpha, x[i], y[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        }

        return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Dot(x, y);
}
