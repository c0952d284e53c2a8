using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>
/// A theory about a GEMM path that exists only from a given kernel family up: it runs where this runtime accelerates
/// that family, and is reported as skipped, with the reason, where it does not (CI reruns the kernel tests with
/// DOTNET_EnableAVX512=0 and DOTNET_EnableHWIntrinsic=0). xunit 2 has no skip decided inside a test, so the decision is
/// taken here, when the tests are discovered — in the same process, under the same environment, as their run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class GemmIsaTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory unless <see cref="Gemm.DetectedIsa"/> is at least <paramref name="required"/>.</summary>
    /// <param name="required">The narrowest kernel family the path needs.</param>
    /// <param name="path">The path under test, for the skip reason (e.g. "the small-product path").</param>
    public GemmIsaTheoryAttribute(GemmIsa required, string path)
    {
        if (Gemm.DetectedIsa < required)
        {
            Skip = $"{path} needs the {required} kernels or wider; this runtime accelerates GEMM kernels up to {Gemm.DetectedIsa} only.";
        }
    }
}
