namespace Backprop.Distributed.Tests;

/// <summary>
/// A test that launches <c>mpiexec.mpich</c>. It skips, saying why, only when <c>mpiexec.mpich</c> is not on the PATH
/// and the <c>CI</c> environment variable is not set; under CI a missing MPI is a failure, not a skip.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute() => Skip = SkipReason(Mpiexec.Path, Environment.GetEnvironmentVariable("CI"));

    /// <summary>Why to skip, or null to run: skip only when mpiexec.mpich is absent and CI is not set.</summary>
    public static string? SkipReason(string? mpiexecPath, string? ci)
        => mpiexecPath is null && string.IsNullOrEmpty(ci)
            ? "mpiexec.mpich is not on the PATH (install MPICH: apt-get install -y --no-install-recommends mpich); under CI this test fails instead."
            : null;
}
