namespace Backprop.Distributed;

/// <summary>
/// The MPICH ABI's handle values — plain integers, shared by MPICH ≥ 3.1, Intel MPI, Cray MPICH and MVAPICH
/// (libmpi.so.12 / libmpich.so.12) — as <c>mpi.h</c> of Debian's libmpich-dev 4.0.2 defines them. Open MPI uses pointers
/// for handles and is refused at start-up (<see cref="MpiLibrary"/>).
/// </summary>
internal static class MpiAbi
{
    /// <summary><c>MPI_SUCCESS</c>.</summary>
    public const int Success = 0;

    /// <summary><c>MPI_COMM_WORLD</c>.</summary>
    public const int CommWorld = 0x44000000;

    /// <summary><c>MPI_BYTE</c>.</summary>
    public const int Byte = 0x4c00010d;

    /// <summary><c>MPI_FLOAT</c>.</summary>
    public const int Float = 0x4c00040a;

    /// <summary><c>MPI_DOUBLE</c>.</summary>
    public const int Double = 0x4c00080b;

    /// <summary><c>MPI_SUM</c>.</summary>
    public const int Sum = 0x58000003;

    /// <summary><c>MPI_ERRORS_RETURN</c>: calls return an error code instead of ending the process.</summary>
    public const int ErrorsReturn = 0x54000001;

    /// <summary><c>MPI_THREAD_SERIALIZED</c>: any thread may call MPI, one at a time (Fit may run on any thread).</summary>
    public const int ThreadSerialized = 2;

    /// <summary><c>MPI_MAX_LIBRARY_VERSION_STRING</c>.</summary>
    public const int MaxLibraryVersionString = 8192;

    /// <summary><c>MPI_MAX_ERROR_STRING</c>.</summary>
    public const int MaxErrorString = 512;

    /// <summary><c>MPI_IN_PLACE</c>: <c>(void*)-1</c>.</summary>
    public static readonly nint InPlace = -1;
}
