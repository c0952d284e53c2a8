namespace Backprop;

/// <summary>Process-wide settings for Backprop's compute kernels.</summary>
/// <remarks>Thread safety: <c>MaxThreads</c> may be read and set from any thread; each kernel call reads it once, so a
/// change applies from the next call (set it at start-up).</remarks>
public static class BackpropSettings
{
    private static int _maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// The most threads a kernel may use (default: all cores). Results are bit-identical for any value:
    /// work is split into fixed blocks, never by thread.
    /// </summary>
    public static int MaxThreads
    {
        get => _maxThreads;
        set
        {
            _maxThreads = Guard.AtLeast(value, 1, nameof(MaxThreads));
        }
    }
}
