using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Kernels;

/// <summary>
/// Element-wise kernels of the training step, each one pass over memory. Those TensorPrimitives cannot do in one call
/// are written with <see cref="Vector{T}"/> and a scalar tail that performs the same operations in the same order, so
/// the bits do not depend on the vector width or on where the tail starts.
/// </summary>
/// <remarks>
/// <para>What TensorPrimitives (System.Numerics.Tensors 10) offers for each:</para>
/// <list type="bullet">
/// <item><see cref="ReluBackward{T}"/>: no call. It has no masked select for floating-point spans: <c>IsPositive</c>
/// writes a <c>bool</c> span and <c>Sign</c> an <c>int</c> span, which no arithmetic call takes.</item>
/// <item><see cref="AddColumnSums{T}"/>: no column-wise reduction (<c>Sum</c> reduces a whole span to one value).
/// One <c>Add(sum, row, sum)</c> per row gives the same bits, but passes over <c>sum</c> once per row.</item>
/// <item><see cref="SgdMomentum{T}"/>: <c>MultiplyAdd(v, μ, g, v)</c> then <c>MultiplyAdd(v, −lr, w, w)</c> give the same
/// bits in two passes; Nesterov needs a third and a temporary buffer.</item>
/// <item><see cref="Sgd{T}"/>: one call, <c>MultiplyAdd(g, −lr, w, w)</c> (<c>(x·y) + addend</c>, two roundings: the
/// same bits as <c>w − lr·g</c>); the loop here computes <c>w − lr·g</c> itself, like the momentum update (the call,
/// in place, timed at twice the momentum update's cost on a digits-sized model, though with a warm-up short enough to
/// leave both partly in the JIT's first tier).</item>
/// <item><see cref="Adam{T}"/>: about a dozen calls (Multiply, MultiplyAdd, Max, Sqrt, Add, Divide, Subtract), each a
/// pass over memory, and two temporary buffers.</item>
/// </list>
/// <para><see cref="Vector{T}"/> is not always the widest vector the hardware runs: with AVX-512 the runtime keeps it
/// at 256 bits (<c>Vector&lt;float&gt;.Count</c> is 8 while <c>Vector512.IsHardwareAccelerated</c> is true), whereas
/// TensorPrimitives then uses 512-bit vectors. The GEMM picks its own width (<see cref="Gemm.DetectedIsa"/>).</para>
/// </remarks>
internal static class Elementwise
{
    /// <summary>dz = dy where y &gt; 0, else 0 (ReLU backward from the forward output; dz may alias dy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(y.Length, dy.Length, dz.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref T yr = ref MemoryMarshal.GetReference(y);
            ref T dyr = ref MemoryMarshal.GetReference(dy);
            ref T dzr = ref MemoryMarshal.GetReference(dz);
            for (; i <= y.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var mask = Vector.GreaterThan(Vector.LoadUnsafe(ref yr, (nuint)i), Vector<T>.Zero);
                Vector.ConditionalSelect(mask, Vector.LoadUnsafe(ref dyr, (nuint)i), Vector<T>.Zero).StoreUnsafe(ref dzr, (nuint)i);
            }
        }

        for (; i < y.Length; i++)
        {
            dz[i] = y[i] > T.Zero ? dy[i] : T.Zero;
        }
    }

    /// <summary>
    /// Bias gradient: <c>sum[j] += Σ_r dz[r, j]</c> over the <paramref name="rows"/> rows of a row-major
    /// [rows, sum.Length] block, adding row after row (the same order, hence the same bits, as one vector add per row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddColumnSums<T>(ReadOnlySpan<T> dz, int rows, Span<T> sum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int columns = sum.Length;
        if ((long)rows * columns > dz.Length)
        {
            throw new ArgumentException($"A [{rows}, {columns}] block needs {(long)rows * columns} elements; the span has {dz.Length}.", nameof(dz));
        }

        ref T dr = ref MemoryMarshal.GetReference(dz);
        ref T sr = ref MemoryMarshal.GetReference(sum);
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j <= columns - Vector<T>.Count; j += Vector<T>.Count)
            {
                var acc = Vector.LoadUnsafe(ref sr, (nuint)j);
                for (int r = 0; r < rows; r++)
                {
                    acc += Vector.LoadUnsafe(ref dr, (nuint)(((long)r * columns) + j));
                }

                acc.StoreUnsafe(ref sr, (nuint)j);
            }
        }

        for (; j < columns; j++)
        {
            T acc = sum[j];
            for (int r = 0; r < rows; r++)
            {
                acc += dz[(r * columns) + j];
            }

            sum[j] = acc;
        }
    }

    /// <summary>
    /// SGD with momentum in one pass: <c>v ← μv + g</c>; <c>w ← w − lr·v</c> (or <c>w ← w − lr·(g + μv)</c> with Nesterov).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SgdMomentum<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> v, T lr, T mu, bool nesterov)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(w.Length, g.Length, v.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref T wr = ref MemoryMarshal.GetReference(w);
            ref T gr = ref MemoryMarshal.GetReference(g);
            ref T vr = ref MemoryMarshal.GetReference(v);
            var vlr = new Vector<T>(lr);
            var vmu = new Vector<T>(mu);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gi = Vector.LoadUnsafe(ref gr, (nuint)i);
                var vi = (vmu * Vector.LoadUnsafe(ref vr, (nuint)i)) + gi;
                vi.StoreUnsafe(ref vr, (nuint)i);
                var step = nesterov ? gi + (vmu * vi) : vi;
                (Vector.LoadUnsafe(ref wr, (nuint)i) - (vlr * step)).StoreUnsafe(ref wr, (nuint)i);
            }
        }

        for (; i < w.Length; i++)
        {
            T gi = g[i];
            T vi = (mu * v[i]) + gi;
            v[i] = vi;
            w[i] -= lr * (nesterov ? gi + (mu * vi) : vi);
        }
    }

    /// <summary>
    /// Plain SGD: <c>w ← w − lr·g</c> (a multiply then a subtraction, two roundings, as <c>TensorPrimitives.MultiplyAdd(g,
    /// −lr, w, w)</c> gave before: negation is exact and <c>a + (−b)</c> is <c>a − b</c>), in a loop of its own like
    /// the momentum update.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgd<T>(Span<T> w, ReadOnlySpan<T> g, T lr)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(w.Length, g.Length, w.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref T wr = ref MemoryMarshal.GetReference(w);
            ref T gr = ref MemoryMarshal.GetReference(g);
            var vlr = new Vector<T>(lr);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                (Vector.LoadUnsafe(ref wr, (nuint)i) - (vlr * Vector.LoadUnsafe(ref gr, (nuint)i))).StoreUnsafe(ref wr, (nuint)i);
            }
        }

        for (; i < w.Length; i++)
        {
            w[i] -= lr * g[i];
        }
    }

    /// <summary>
    /// Adam in one pass: <c>m ← β₁m + (1−β₁)g</c>, <c>v ← β₂v + (1−β₂)g²</c> (running max into vMax for AMSGrad),
    /// <c>w ← w − lr·(m·c₁)/(√(v·c₂) + ε)</c> with the bias corrections c₁, c₂.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adam<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> m, Span<T> v, Span<T> vMax, T lr, T b1, T b2, T c1, T c2, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(w.Length, g.Length, m.Length);
        Check(w.Length, v.Length, vMax.IsEmpty ? w.Length : vMax.Length);
        bool ams = !vMax.IsEmpty;
        T oneMinusB1 = T.One - b1;
        T oneMinusB2 = T.One - b2;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref T wr = ref MemoryMarshal.GetReference(w);
            ref T gr = ref MemoryMarshal.GetReference(g);
            ref T mr = ref MemoryMarshal.GetReference(m);
            ref T vr = ref MemoryMarshal.GetReference(v);
            ref T xr = ref MemoryMarshal.GetReference(vMax);
            Vector<T> vb1 = new(b1), vb2 = new(b2), v1b1 = new(oneMinusB1), v1b2 = new(oneMinusB2);
            Vector<T> vlr = new(lr), vc1 = new(c1), vc2 = new(c2), veps = new(eps);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gi = Vector.LoadUnsafe(ref gr, (nuint)i);
                var mi = (vb1 * Vector.LoadUnsafe(ref mr, (nuint)i)) + (v1b1 * gi);
                var vi = (vb2 * Vector.LoadUnsafe(ref vr, (nuint)i)) + (v1b2 * gi * gi);
                mi.StoreUnsafe(ref mr, (nuint)i);
                vi.StoreUnsafe(ref vr, (nuint)i);
                if (ams)
                {
                    vi = Vector.Max(Vector.LoadUnsafe(ref xr, (nuint)i), vi);
                    vi.StoreUnsafe(ref xr, (nuint)i);
                }

                var update = vlr * (mi * vc1) / (Vector.SquareRoot(vi * vc2) + veps);
                (Vector.LoadUnsafe(ref wr, (nuint)i) - update).StoreUnsafe(ref wr, (nuint)i);
            }
        }

        for (; i < w.Length; i++)
        {
            T gi = g[i];
            T mi = (b1 * m[i]) + (oneMinusB1 * gi);
            T vi = (b2 * v[i]) + (oneMinusB2 * gi * gi);
            m[i] = mi;
            v[i] = vi;
            if (ams)
            {
                vi = T.Max(vMax[i], vi);
                vMax[i] = vi;
            }

            w[i] -= lr * (mi * c1) / (T.Sqrt(vi * c2) + eps);
        }
    }

    private static void Check(int a, int b, int c)
    {
        if (a != b || a != c)
        {
            throw new ArgumentException($"Element-wise kernel operands differ in length: {a}, {b}, {c}.");
        }
    }
}
