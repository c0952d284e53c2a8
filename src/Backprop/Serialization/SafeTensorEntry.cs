namespace Backprop.Serialization;

/// <summary>One tensor of a safetensors file: its name, element type, shape, and byte range in the data section.</summary>
/// <param name="Name">The tensor's name (e.g. <c>dense/kernel</c>).</param>
/// <param name="DType">The safetensors dtype: <c>F32</c> or <c>F64</c>.</param>
/// <param name="Shape">The shape, outermost first (row-major).</param>
/// <param name="Begin">First byte, relative to the start of the data section.</param>
/// <param name="End">One past the last byte.</param>
internal sealed record SafeTensorEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    /// <summary>Bytes per element of <paramref name="dtype"/>, or 0 when Backprop does not read that dtype.</summary>
    public static int ElementSize(string dtype) => dtype switch
    {
        "F32" => 4,
        "F64" => 8,
        _ => 0,
    };

    /// <summary>Number of elements (the product of the shape), or −1 when it overflows.</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (long d in Shape)
            {
                if (d != 0 && n > long.MaxValue / d)
                {
                    return -1;
                }

                n *= d;
            }

            return n;
        }
    }
}
