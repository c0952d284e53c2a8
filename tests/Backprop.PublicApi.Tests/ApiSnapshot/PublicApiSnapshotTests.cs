using System.Reflection;
using PublicApiGenerator;

namespace Backprop.PublicApi.Tests.ApiSnapshot;

/// <summary>
/// The public surface of every package, as C# declarations, must equal its approved snapshot in <c>api/</c> at the
/// repository root, so every change to the public API is a diff a reviewer sees. On a difference the test writes
/// <c>api/NAME.received.txt</c> and fails with the diff; to accept it, run
/// <c>BACKPROP_ACCEPT_API=1 dotnet test tests/Backprop.PublicApi.Tests --filter PublicApiSnapshot</c> and commit
/// <c>api/NAME.approved.txt</c> (CONTRIBUTING.md).
/// </summary>
public class PublicApiSnapshotTests
{
    /// <summary>One line per package assembly (with its ProjectReference in this project's .csproj).</summary>
    private static readonly string[] Packages =
    [
        "Backprop",
        "Backprop.Distributed",
        "Backprop.Onnx",
        "Backprop.Plotting",
    ];

    public static TheoryData<string> PackageAssemblies => new(Packages);

    [Theory]
    [MemberData(nameof(PackageAssemblies))]
    public void Public_api_matches_the_approved_snapshot(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        string received = Normalize(assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));
        string folder = Path.Combine(RepoPaths.Root, "api");
        string approvedPath = Path.Combine(folder, assemblyName + ".approved.txt");
        string receivedPath = Path.Combine(folder, assemblyName + ".received.txt");
        string? approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;

        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(folder);
        if (Environment.GetEnvironmentVariable("BACKPROP_ACCEPT_API") == "1")
        {
            File.WriteAllText(approvedPath, received);
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        string diff = approved is null
            ? $"there is no approved snapshot yet ({approvedPath})."
            : LineDiff.Format(Lines(approved), Lines(received));
        Assert.Fail(
            $"The public API of {assemblyName} differs from api/{assemblyName}.approved.txt " +
            $"(- approved, + now; the whole surface is in api/{assemblyName}.received.txt):\n{diff}\n" +
            "If the change is intended, accept it and commit the snapshot:\n" +
            "  BACKPROP_ACCEPT_API=1 dotnet test tests/Backprop.PublicApi.Tests --filter PublicApiSnapshot\n");
    }

    [Fact]
    public void Every_package_has_its_assembly_in_the_snapshot_list()
    {
        var packages = Directory.GetFiles(Path.Combine(RepoPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal);
        var listed = Packages.Order(StringComparer.Ordinal);

        listed.Should().Equal(packages, "every project under src/ is a package and its public API needs a snapshot");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    private static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');
}
