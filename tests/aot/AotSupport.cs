// Shared by the two NativeAOT check apps (tests/aot/*/): compiled into each through a <Compile Include> link.

/// <summary>Whether this process is a NativeAOT binary.</summary>
internal static class NativeAot
{
    /// <summary>
    /// True under NativeAOT, where assemblies have no file location. (Not RuntimeFeature.IsDynamicCodeSupported: with
    /// PublishAot=true the SDK sets that switch to false in the runtimeconfig, so a JIT run of the app reports it too.)
    /// </summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty location is the signal.")]
    public static bool IsRunning => string.IsNullOrEmpty(typeof(NativeAot).Assembly.Location);
}

/// <summary>FNV-1a, 64 bits: the fingerprints a NativeAOT run and a JIT run of the same app must both print.</summary>
internal static class Fingerprint
{
    /// <summary>The starting value.</summary>
    public const ulong Start = 14695981039346656037;

    /// <summary>Folds <paramref name="bytes"/> into <paramref name="hash"/>.</summary>
    public static ulong Fnv(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211;
        }

        return hash;
    }
}
