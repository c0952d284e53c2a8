namespace Backprop.Kernels;

/// <summary>Which micro-kernel family the GEMM uses (the widest the hardware accelerates, chosen at start-up).</summary>
internal enum GemmIsa
{
    /// <summary>Plain scalar loops (no SIMD).</summary>
    Scalar,

    /// <summary>128-bit vectors (SSE/NEON) with fused multiply-add.</summary>
    Vector128,

    /// <summary>256-bit vectors (AVX2 + FMA).</summary>
    Vector256,

    /// <summary>512-bit vectors (AVX-512F).</summary>
    Vector512,
}
