using System.Text.RegularExpressions;

namespace Backprop.PublicApi.Tests;

/// <summary>
/// Each package's README (<c>src/NAME/PACKAGE.md</c>, shown on nuget.org) is a page outside the repository: its links
/// must be absolute, and Backprop's code must be the code that the consumer app (tests/consumer, which CI runs against
/// the packed package) compiles and runs.
/// </summary>
public partial class PackageReadmeTests
{
    public static TheoryData<string> Packages => new(
        Directory.GetFiles(Path.Combine(RepoPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(f => Path.GetFileName(Path.GetDirectoryName(f)!))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Packages))]
    public void Every_package_has_a_readme_whose_links_are_absolute(string package)
    {
        string path = Path.Combine(RepoPaths.Root, "src", package, "PACKAGE.md");
        File.Exists(path).Should().BeTrue($"every project under src/ is a package and needs its own README ({path})");

        var relative = MarkdownLink().Matches(File.ReadAllText(path))
            .Select(m => m.Groups["target"].Value)
            .Where(target => !target.StartsWith("https://", StringComparison.Ordinal) && !target.StartsWith('#'))
            .ToList();
        relative.Should().BeEmpty("links in a package README resolve on nuget.org, not in the repository");
    }

    [Fact]
    public void The_backprop_package_readme_code_is_what_the_consumer_app_runs()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Backprop", "PACKAGE.md")).ReplaceLineEndings("\n");
        string consumer = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "consumer", "Backprop.Consumer", "Program.cs")).ReplaceLineEndings("\n");
        var blocks = CSharpBlock().Matches(readme).Select(m => m.Groups["code"].Value).ToList();

        blocks.Should().NotBeEmpty();
        consumer.Should().Contain(string.Concat(blocks.Select((b, i) => i == 0 ? b : "\n" + b)),
            "PACKAGE.md's code blocks appear verbatim, in order, at the top of tests/consumer/Backprop.Consumer/Program.cs");
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
