using System.Numerics;

namespace Backprop.Kernels;

/// <summary>
/// What a GEMM does with each element of the product before it stores it in C:
/// <c>C = [C +] op(A)·op(B) [+ bias[column]]</c>, then ReLU if asked — in that order, fused into the micro-kernels' store.
/// </summary>
/// <remarks>
/// A call names what it does: <c>GemmEpilogue&lt;T&gt;.Overwrite</c> (C = product),
/// <c>GemmEpilogue&lt;T&gt;.AddToC</c> (C += product, gradients accumulating over backward passes), or
/// <c>new GemmEpilogue&lt;T&gt; { Bias = b, ReLU = true }</c> (the Dense forward). A stack-only value: passing it costs
/// nothing and allocates nothing.
/// </remarks>
/// <typeparam name="T">float or double.</typeparam>
internal readonly ref struct GemmEpilogue<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>C = op(A)·op(B): the product overwrites C.</summary>
    public static GemmEpilogue<T> Overwrite => default;

    /// <summary>C += op(A)·op(B): the product is added to what C holds.</summary>
    public static GemmEpilogue<T> AddToC => new() { Accumulate = true };

    /// <summary>Whether the product is added to the existing C (true) or overwrites it (false).</summary>
    public bool Accumulate { get; init; }

    /// <summary>A row vector added to every row of C (at least as long as C is wide); empty adds nothing.</summary>
    public ReadOnlySpan<T> Bias { get; init; }

    /// <summary>Whether <c>max(x, 0)</c> is applied last, after the accumulation and the bias.</summary>
    public bool ReLU { get; init; }
}
