using System.Runtime.InteropServices;

namespace Backprop.Tests.Kernels;

/// <summary>
/// Linux only: one read-write page followed by an inaccessible one, so that a kernel that reads or writes even one element
/// past the end of a buffer placed against the boundary crashes instead of silently touching someone else's memory.
/// </summary>
internal sealed unsafe partial class PageFence : IDisposable
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 3;
    private const int MapPrivateAnonymous = 0x02 | 0x20;
    private readonly nuint _page = (nuint)Environment.SystemPageSize;
    private readonly byte* _base;

    public PageFence()
    {
        _base = (byte*)Mmap(0, 2 * _page, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if ((nint)_base == -1 || Mprotect((nint)(_base + _page), _page, ProtNone) != 0)
        {
            throw new InvalidOperationException($"mmap/mprotect failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary><paramref name="count"/> floats whose last one is the last accessible element before the fence.</summary>
    public Span<float> FloatsEndingAtTheFence(int count)
    {
        if ((nuint)count * sizeof(float) > _page)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "More than one page.");
        }

        return new Span<float>(_base + _page - ((nuint)count * sizeof(float)), count);
    }

    public void Dispose() => _ = Munmap((nint)_base, 2 * _page);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int Mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);
}
