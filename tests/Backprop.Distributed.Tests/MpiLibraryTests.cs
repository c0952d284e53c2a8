using System.Globalization;
using System.Text.RegularExpressions;

namespace Backprop.Distributed.Tests;

/// <summary>The binding's pieces that need no running MPI job.</summary>
public partial class MpiLibraryTests
{
    private const string Header = MpiHeaderFactAttribute.Header;

    [Fact]
    public void The_MPICH_ABI_names_are_tried_in_order_unless_the_variable_names_a_file()
    {
        MpiLibrary.Candidates(null).Should().Equal("libmpich.so.12", "libmpi.so.12", "libmpich.so", "libmpi.so");
        MpiLibrary.Candidates("/opt/intel/mpi/lib/libmpi.so.12").Should().Equal("/opt/intel/mpi/lib/libmpi.so.12");
    }

    [Fact]
    public void A_missing_library_is_reported_with_what_to_install()
    {
        FluentActions.Invoking(() => MpiLibrary.Load(["/nonexistent/libmpich.so.12"]))
            .Should().Throw<DllNotFoundException>()
            .WithMessage("*tried /nonexistent/libmpich.so.12*apt-get install mpich*BACKPROP_MPI_LIBRARY*");
    }

    [Fact]
    public void The_2_rank_tests_skip_only_without_mpiexec_and_outside_CI()
    {
        MpiFactAttribute.SkipReason(null, null).Should().Contain("apt-get install -y --no-install-recommends mpich");
        MpiFactAttribute.SkipReason(null, "").Should().NotBeNull();
        MpiFactAttribute.SkipReason(null, "true").Should().BeNull("under CI a missing MPI fails the test");
        MpiFactAttribute.SkipReason("/usr/bin/mpiexec.mpich", null).Should().BeNull();
    }

    [MpiHeaderFact]
    public void The_handle_values_are_those_of_the_installed_mpi_h()
    {
        File.Exists(Header).Should().BeTrue($"CI installs libmpich-dev, whose {Header} the binding's constants must match");
        string text = File.ReadAllText(Header);
        Define(text, "MPI_COMM_WORLD").Should().Be(MpiAbi.CommWorld);
        Define(text, "MPI_BYTE").Should().Be(MpiAbi.Byte);
        Define(text, "MPI_FLOAT").Should().Be(MpiAbi.Float);
        Define(text, "MPI_DOUBLE").Should().Be(MpiAbi.Double);
        Define(text, "MPI_SUM").Should().Be(MpiAbi.Sum);
        Define(text, "MPI_ERRORS_RETURN").Should().Be(MpiAbi.ErrorsReturn);
        Define(text, "MPI_THREAD_SERIALIZED").Should().Be(MpiAbi.ThreadSerialized);
        Define(text, "MPI_MAX_LIBRARY_VERSION_STRING").Should().Be(MpiAbi.MaxLibraryVersionString);
        Define(text, "MPI_MAX_ERROR_STRING").Should().Be(MpiAbi.MaxErrorString);
        text.Should().Contain("#define MPI_IN_PLACE  (void *) -1");
        MpiAbi.InPlace.Should().Be(-1);
    }

    private static int Define(string header, string name)
    {
        var match = Regex.Match(header, $@"#define\s+{name}\s+\(?(?:\(\w+\))?\s*\(?(0x[0-9a-fA-F]+|\d+)\)?");
        match.Success.Should().BeTrue($"{name} is defined in {Header}");
        string value = match.Groups[1].Value;
        return value.StartsWith("0x", StringComparison.Ordinal)
            ? int.Parse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : int.Parse(value, CultureInfo.InvariantCulture);
    }
}
