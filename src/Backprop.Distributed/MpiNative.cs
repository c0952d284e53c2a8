using System.Runtime.InteropServices;

namespace Backprop.Distributed;

/// <summary>
/// The MPI calls Backprop needs, and nothing else, bound with source-generated P/Invoke against the MPICH ABI. The
/// library name <see cref="Library"/> is a logical one that <see cref="MpiLibrary"/> resolves to libmpich.so.12,
/// libmpi.so.12 and their variants.
/// </summary>
internal static unsafe partial class MpiNative
{
    /// <summary>The logical library name <see cref="MpiLibrary"/> resolves.</summary>
    public const string Library = "backprop-mpi";

    [LibraryImport(Library, EntryPoint = "MPI_Initialized")]
    public static partial int Initialized(out int flag);

    [LibraryImport(Library, EntryPoint = "MPI_Finalized")]
    public static partial int Finalized(out int flag);

    [LibraryImport(Library, EntryPoint = "MPI_Init_thread")]
    public static partial int InitThread(nint argc, nint argv, int required, out int provided);

    [LibraryImport(Library, EntryPoint = "MPI_Finalize")]
    public static partial int Finalize();

    [LibraryImport(Library, EntryPoint = "MPI_Comm_rank")]
    public static partial int CommRank(int comm, out int rank);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_size")]
    public static partial int CommSize(int comm, out int size);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_set_errhandler")]
    public static partial int CommSetErrhandler(int comm, int handler);

    [LibraryImport(Library, EntryPoint = "MPI_Allreduce")]
    public static partial int Allreduce(void* send, void* receive, int count, int datatype, int op, int comm);

    [LibraryImport(Library, EntryPoint = "MPI_Bcast")]
    public static partial int Bcast(void* buffer, int count, int datatype, int root, int comm);

    [LibraryImport(Library, EntryPoint = "MPI_Barrier")]
    public static partial int Barrier(int comm);

    [LibraryImport(Library, EntryPoint = "MPI_Abort")]
    public static partial int Abort(int comm, int errorCode);

    [LibraryImport(Library, EntryPoint = "MPI_Get_library_version")]
    public static partial int GetLibraryVersion(byte* version, out int length);

    [LibraryImport(Library, EntryPoint = "MPI_Error_string")]
    public static partial int ErrorString(int code, byte* text, out int length);

    [LibraryImport(Library, EntryPoint = "MPI_Wtime")]
    public static partial double Wtime();
}
