namespace Backprop.Distributed.Tests;

/// <summary>
/// A test that reads MPICH's <c>mpi.h</c> (package libmpich-dev). It skips, saying why, only when the header is absent
/// and the <c>CI</c> environment variable is not set; CI installs the header, so there a missing one is a failure.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MpiHeaderFactAttribute : FactAttribute
{
    /// <summary>Where Debian's libmpich-dev puts the header.</summary>
    public const string Header = "/usr/include/x86_64-linux-gnu/mpich/mpi.h";

    public MpiHeaderFactAttribute()
        => Skip = !File.Exists(Header) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? $"{Header} is absent (apt-get install -y --no-install-recommends libmpich-dev); under CI this test fails instead."
            : null;
}
