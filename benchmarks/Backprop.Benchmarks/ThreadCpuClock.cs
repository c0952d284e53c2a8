using System.Runtime.InteropServices;

namespace Backprop.Benchmarks;

/// <summary>
/// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID, nanosecond resolution): on a shared machine it
/// counts the time this thread actually ran, not the time it waited for a core. NaN where unavailable.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static double Seconds
    {
        get
        {
            if (!OperatingSystem.IsLinux())
            {
                return double.NaN;
            }

            return ClockGetTime(ClockThreadCpuTimeId, out var ts) == 0 ? ts.Seconds + (ts.Nanoseconds * 1e-9) : double.NaN;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
