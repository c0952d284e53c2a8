using System.Diagnostics;
using System.Text;
using Backprop.Training;

namespace Backprop.Distributed;

/// <summary>
/// <see cref="ICollective"/> over MPI's <c>MPI_COMM_WORLD</c>: pass <see cref="World"/> as <c>distributed:</c> to
/// <c>Fit</c> in a program started by <c>mpiexec.mpich -n N</c>, and each of the N processes trains on its share of every
/// batch. Bound to the MPICH ABI (MPICH, Intel MPI, Cray MPICH, MVAPICH) by a thin P/Invoke layer of our own; see
/// ARCHITECTURE.md for why not MPI.NET.
/// </summary>
/// <remarks>
/// <para>The first use of <see cref="World"/> loads the library (<c>libmpich.so.12</c>, … or <c>BACKPROP_MPI_LIBRARY</c>),
/// initialises MPI (<c>MPI_THREAD_SERIALIZED</c>) with errors returned as <see cref="MpiException"/>s, makes an unhandled
/// exception on any thread end the whole job (<c>MPI_Abort</c>, so no rank waits forever for a dead one), and finalises
/// MPI when the process exits. A program started without <c>mpiexec</c> is a job of one rank.</para>
/// <para>Thread safety: calls are serialized by a lock, but a collective call pairs with the same call on the other ranks,
/// so make them from one thread per process (the one running <c>Fit</c>).</para>
/// </remarks>
public sealed unsafe class MpiCommunicator : ICollective
{
    private static readonly Lazy<MpiCommunicator> Shared = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock _gate = new();
    private long _allReduceTicks;

    private MpiCommunicator(int rank, int size, string libraryVersion)
    {
        Rank = rank;
        Size = size;
        LibraryVersion = libraryVersion;
    }

    /// <summary>All processes of the job (<c>MPI_COMM_WORLD</c>), MPI initialised at first use.</summary>
    /// <exception cref="DllNotFoundException">No MPI library of the MPICH ABI is installed.</exception>
    /// <exception cref="NotSupportedException">The MPI library is Open MPI (another ABI).</exception>
    public static MpiCommunicator World => Shared.Value;

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <summary>The MPI library's own description (<c>MPI_Get_library_version</c>), e.g. "MPICH Version: 4.0.2 …".</summary>
    public string LibraryVersion { get; }

    /// <summary>Time spent inside <see cref="AllReduceSum(Span{float})"/> calls so far (waiting for the slowest rank included).</summary>
    public TimeSpan AllReduceTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _allReduceTicks));

    /// <summary>Number of all-reduce calls so far.</summary>
    public long AllReduceCalls { get; private set; }

    /// <inheritdoc/>
    public void AllReduceSum(Span<float> values) => AllReduce(values, MpiAbi.Float);

    /// <inheritdoc/>
    public void AllReduceSum(Span<double> values) => AllReduce(values, MpiAbi.Double);

    /// <inheritdoc/>
    public void Broadcast(Span<byte> data)
    {
        lock (_gate)
        {
            fixed (byte* p = data)
            {
                for (int at = 0; at < data.Length; at += int.MaxValue)
                {
                    int count = Math.Min(int.MaxValue, data.Length - at);
                    Check(MpiNative.Bcast(p + at, count, MpiAbi.Byte, 0, MpiAbi.CommWorld), "MPI_Bcast");
                }
            }
        }
    }

    /// <summary>Waits until every rank has called it (<c>MPI_Barrier</c>).</summary>
    public void Barrier()
    {
        lock (_gate)
        {
            Check(MpiNative.Barrier(MpiAbi.CommWorld), "MPI_Barrier");
        }
    }

    /// <summary>Writes <paramref name="error"/> to standard error with this rank's number, then ends every process of the job (<c>MPI_Abort</c>, exit code 1).</summary>
    /// <param name="error">Why.</param>
    public void Abort(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        AbortJob(Rank, error);
    }

    /// <inheritdoc/>
    public override string ToString() => $"MPI rank {Rank} of {Size} ({LibraryVersion.Split('\n')[0].Trim()})";

    private void AllReduce<TValue>(Span<TValue> values, int datatype)
        where TValue : unmanaged
    {
        long start = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            fixed (TValue* p = values)
            {
                for (int at = 0; at < values.Length; at += int.MaxValue)
                {
                    int count = Math.Min(int.MaxValue, values.Length - at);
                    Check(MpiNative.Allreduce((void*)MpiAbi.InPlace, p + at, count, datatype, MpiAbi.Sum, MpiAbi.CommWorld), "MPI_Allreduce");
                }
            }

            AllReduceCalls++;
        }

        Interlocked.Add(ref _allReduceTicks, Stopwatch.GetTimestamp() - start);
    }

    private static MpiCommunicator Initialize()
    {
        MpiLibrary.EnsureRegistered();
        string version = LibraryVersionText();
        if (version.Contains("Open MPI", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException(
                $"The MPI library {MpiLibrary.LoadedFrom} is Open MPI, whose handles are pointers, not the MPICH ABI this binding uses: install MPICH (apt-get install mpich), Intel MPI or MVAPICH and launch with mpiexec.mpich.");
        }

        Check(MpiNative.Initialized(out int initialized), "MPI_Initialized");
        if (initialized == 0)
        {
            Check(MpiNative.InitThread(0, 0, MpiAbi.ThreadSerialized, out int provided), "MPI_Init_thread");
            if (provided < MpiAbi.ThreadSerialized)
            {
                throw new NotSupportedException($"The MPI library gives thread level {provided}; Backprop needs MPI_THREAD_SERIALIZED ({MpiAbi.ThreadSerialized}).");
            }
        }

        Check(MpiNative.CommSetErrhandler(MpiAbi.CommWorld, MpiAbi.ErrorsReturn), "MPI_Comm_set_errhandler");
        Check(MpiNative.CommRank(MpiAbi.CommWorld, out int rank), "MPI_Comm_rank");
        Check(MpiNative.CommSize(MpiAbi.CommWorld, out int size), "MPI_Comm_size");
        AppDomain.CurrentDomain.UnhandledException += (_, e) => AbortJob(rank, e.ExceptionObject as Exception ?? new InvalidOperationException(e.ExceptionObject?.ToString()));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => FinalizeOnExit();
        return new MpiCommunicator(rank, size, version);
    }

    private static void FinalizeOnExit()
    {
        if (MpiNative.Finalized(out int finalized) == MpiAbi.Success && finalized == 0)
        {
            MpiNative.Finalize();
        }
    }

    /// <summary>How long a failing rank waits, after writing why, before it aborts the job.</summary>
    private static readonly TimeSpan AbortGrace = TimeSpan.FromMilliseconds(500);

    private static void AbortJob(int rank, Exception error)
    {
        try
        {
            Console.Out.Flush();
            Console.Error.WriteLine($"Backprop: rank {rank} failed, aborting the MPI job: {error}");
            Console.Error.Flush();

            // The flushed text is still in the pipe to mpiexec's proxy, which MPI_Abort kills with the job: on a busy
            // machine the reason was lost and the job ended with no message at all. A moment's grace lets it through.
            Thread.Sleep(AbortGrace);
        }
        finally
        {
            MpiNative.Abort(MpiAbi.CommWorld, 1);
            Environment.Exit(1); // MPI_Abort does not return; if a library's did, still never leave this rank running
        }
    }

    private static string LibraryVersionText()
    {
        var buffer = new byte[MpiAbi.MaxLibraryVersionString];
        fixed (byte* p = buffer)
        {
            Check(MpiNative.GetLibraryVersion(p, out int length), "MPI_Get_library_version");
            return Encoding.ASCII.GetString(buffer, 0, Math.Clamp(length, 0, buffer.Length)).TrimEnd('\0', ' ', '\n');
        }
    }

    /// <summary>Throws an <see cref="MpiException"/> with the library's text when <paramref name="code"/> is not <c>MPI_SUCCESS</c>.</summary>
    internal static void Check(int code, string call)
    {
        if (code == MpiAbi.Success)
        {
            return;
        }

        var buffer = new byte[MpiAbi.MaxErrorString];
        string text = "(no text)";
        fixed (byte* p = buffer)
        {
            if (MpiNative.ErrorString(code, p, out int length) == MpiAbi.Success)
            {
                text = Encoding.ASCII.GetString(buffer, 0, Math.Clamp(length, 0, buffer.Length));
            }
        }

        throw new MpiException(call, code, text);
    }
}
