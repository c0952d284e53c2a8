using System.Reflection;
using System.Runtime.InteropServices;

namespace Backprop.Distributed;

/// <summary>
/// Finds the MPI library: the file named by the <c>BACKPROP_MPI_LIBRARY</c> environment variable if set, else the
/// MPICH-ABI names in order — <c>libmpich.so.12</c> (MPICH, MVAPICH, Cray MPICH), <c>libmpi.so.12</c> (Intel MPI),
/// then the unversioned <c>libmpich.so</c> and <c>libmpi.so</c>. A library that is not of the MPICH ABI (Open MPI) is
/// refused with a message, since its handles are pointers and every call would crash.
/// </summary>
internal static class MpiLibrary
{
    /// <summary>The environment variable that names the library file to load.</summary>
    public const string Variable = "BACKPROP_MPI_LIBRARY";

    private static readonly Lock Gate = new();
    private static nint _handle;
    private static string? _loadedFrom;

    /// <summary>The candidates tried in order (the variable's value first when set).</summary>
    public static IReadOnlyList<string> Candidates(string? fromVariable)
        => string.IsNullOrWhiteSpace(fromVariable)
            ? ["libmpich.so.12", "libmpi.so.12", "libmpich.so", "libmpi.so"]
            : [fromVariable];

    /// <summary>Where the library was loaded from (after <see cref="EnsureRegistered"/> and a first call).</summary>
    public static string? LoadedFrom => _loadedFrom;

    /// <summary>Makes <see cref="MpiNative.Library"/> resolve through <see cref="Resolve"/> (once per process).</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (!Registered)
            {
                NativeLibrary.SetDllImportResolver(typeof(MpiLibrary).Assembly, Resolve);
                Registered = true;
            }
        }
    }

    private static bool Registered { get; set; }

    /// <summary>Loads the MPI library or throws a <see cref="DllNotFoundException"/> saying what to install.</summary>
    public static nint Load()
    {
        lock (Gate)
        {
            if (_handle != 0)
            {
                return _handle;
            }

            (_handle, _loadedFrom) = Load(Candidates(Environment.GetEnvironmentVariable(Variable)));
            return _handle;
        }
    }

    /// <summary>Loads the first of <paramref name="candidates"/> that loads, or throws a <see cref="DllNotFoundException"/> saying what to install.</summary>
    internal static (nint Handle, string Name) Load(IReadOnlyList<string> candidates)
    {
        foreach (string name in candidates)
        {
            if (NativeLibrary.TryLoad(name, out nint handle))
            {
                return (handle, name);
            }
        }

        throw new DllNotFoundException(
            $"No MPI library of the MPICH ABI was found (tried {string.Join(", ", candidates)}). Install MPICH (Debian/Ubuntu: " +
            $"apt-get install mpich), Intel MPI or MVAPICH, or set {Variable} to the library file; start the program with mpiexec.");
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path)
        => name == MpiNative.Library ? Load() : 0;
}
