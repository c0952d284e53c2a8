namespace Backprop.Docs.Tests;

/// <summary>Where the repository's files are, found from the test assembly's folder.</summary>
public static class Repository
{
    /// <summary>The folder holding <c>Backprop.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>README.md and every markdown file under docs/, as paths relative to the root (with '/').</summary>
    public static IEnumerable<string> MarkdownFiles()
    {
        yield return "README.md";
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            yield return Relative(file);
        }
    }

    /// <summary>The C# files of this test project (bin and obj left out), relative to the root.</summary>
    public static IEnumerable<string> SnippetSources()
    {
        string project = Path.Combine(Root, "tests", "Backprop.Docs.Tests");
        return Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(project, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(Relative);
    }

    /// <summary>The full path of a root-relative path.</summary>
    public static string Full(string relative) => Path.Combine(Root, relative);

    private static string Relative(string full) => Path.GetRelativePath(Root, full).Replace(Path.DirectorySeparatorChar, '/');

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backprop.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Backprop.sln above {AppContext.BaseDirectory}: the docs tests read the repository's markdown.");
    }
}
