using System.Runtime.InteropServices;

namespace Backprop;

/// <summary>
/// What machine this process runs on, as the samples and benchmarks print it beside every measured figure: the CPU
/// model, the widest SIMD instruction set the kernels use, the logical cores and the runtime. A figure measured on one
/// machine says little about another; this line tells a reader why theirs differs.
/// </summary>
/// <remarks>Thread safety: every member is immutable after start-up and safe to read from any thread.</remarks>
public static class MachineInfo
{
    private static readonly Lazy<string> CachedCpuModel = new(ReadCpuModel);

    /// <summary>The CPU model as the operating system names it (e.g. <c>AMD EPYC</c>), or the architecture when unknown.</summary>
    public static string CpuModel => CachedCpuModel.Value;

    /// <summary>
    /// The widest SIMD instruction set the GEMM kernels use in this process: <c>avx512</c>, <c>avx2</c>,
    /// <c>sse</c>/<c>neon</c> (128-bit) or <c>scalar</c>. Follows the runtime switches
    /// (<c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableHWIntrinsic=0</c>).
    /// </summary>
    public static string Isa => Kernels.Gemm.DetectedIsa switch
    {
        Kernels.GemmIsa.Vector512 => "avx512",
        Kernels.GemmIsa.Vector256 => "avx2",
        Kernels.GemmIsa.Vector128 => System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? "neon" : "sse",
        _ => "scalar",
    };

    /// <summary>The logical cores this process may use (<see cref="Environment.ProcessorCount"/>).</summary>
    public static int LogicalCores => Environment.ProcessorCount;

    /// <summary>
    /// One line naming the machine, e.g. <c>machine: AMD EPYC · avx512 · 2 logical cores · .NET 10.0.0 · Linux x64</c>.
    /// </summary>
    /// <returns>The description, starting with <c>machine: </c>.</returns>
    public static string Describe()
        => $"machine: {CpuModel} · {Isa} · {LogicalCores} logical cores · {RuntimeInformation.FrameworkDescription} · "
            + $"{OsName()} {RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";

    private static string OsName()
        => OperatingSystem.IsLinux() ? "Linux" : OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsMacOS() ? "macOS" : "other OS";

    private static string ReadCpuModel()
    {
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo"))
            {
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                {
                    // x86 names it "model name"; some ARM kernels "Model" or "Hardware".
                    if (line.StartsWith("model name", StringComparison.Ordinal) || line.StartsWith("Model", StringComparison.Ordinal)
                        || line.StartsWith("Hardware", StringComparison.Ordinal))
                    {
                        int colon = line.IndexOf(':', StringComparison.Ordinal);
                        if (colon >= 0 && line[(colon + 1)..].Trim() is { Length: > 0 } name)
                        {
                            return name;
                        }
                    }
                }
            }

            if (Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") is { Length: > 0 } id)
            {
                return id;
            }
        }
        catch (IOException)
        {
            // Fall through to the architecture: an unreadable /proc is not worth failing a sample for.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return $"unknown {RuntimeInformation.ProcessArchitecture} CPU";
    }
}
