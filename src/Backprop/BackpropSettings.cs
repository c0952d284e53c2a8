namespace Backprop;

/// <summary>Process-wide settings for Backprop's compute kernels.</summary>
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
