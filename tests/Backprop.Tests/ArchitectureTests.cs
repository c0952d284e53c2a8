using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace Backprop.Tests;

/// <summary>
/// Keeps ARCHITECTURE.md true: the top-level folders of src/Backprop form a directed acyclic graph (no folder depends on
/// another both ways, directly or through a third), and the graph the source shows is the one the document draws.
/// A folder depends on another when one of its files names a type declared there (comments and strings excluded).
/// </summary>
public partial class ArchitectureTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    [Fact]
    public void No_folder_depends_on_another_in_a_cycle()
    {
        var graph = SourceGraph();
        var cycles = new List<string>();
        foreach (var start in graph.Keys)
        {
            var path = FindPathBack(graph, start);
            if (path is not null)
            {
                cycles.Add(string.Join(" -> ", path));
            }
        }

        cycles.Should().BeEmpty("folders must depend on each other one way only");
    }

    [Fact]
    public void Architecture_md_lists_exactly_the_dependencies_in_the_source()
    {
        var documented = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(RepoRoot, "ARCHITECTURE.md")))
        {
            var m = DocumentedEdge().Match(line);
            if (m.Success)
            {
                foreach (var to in m.Groups["to"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    documented.Add($"{m.Groups["from"].Value} -> {to}");
                }
            }
        }

        var actual = new SortedSet<string>(
            SourceGraph().SelectMany(kv => kv.Value.Select(to => $"{kv.Key} -> {to}")), StringComparer.Ordinal);

        documented.Should().BeEquivalentTo(actual, "ARCHITECTURE.md's dependency list must match the code");
    }

    private static Dictionary<string, SortedSet<string>> SourceGraph()
    {
        string src = Path.Combine(RepoRoot, "src", "Backprop");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => f, f => StripCommentsAndStrings(File.ReadAllText(f)));
        string FolderOf(string file)
        {
            var rel = Path.GetRelativePath(src, Path.GetDirectoryName(file)!);
            return rel == "." ? "(root)" : rel.Split(Path.DirectorySeparatorChar)[0];
        }

        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, text) in files)
        {
            foreach (Match m in Declaration().Matches(text))
            {
                owner.TryAdd(m.Groups[1].Value, FolderOf(file));
            }
        }

        var graph = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (file, text) in files)
        {
            string from = FolderOf(file);
            var edges = graph.TryGetValue(from, out var e) ? e : graph[from] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Match m in TypeReference().Matches(text))
            {
                bool isCall = m.Groups["call"].Success && !m.Groups["new"].Success;
                if (!isCall && owner.TryGetValue(m.Groups["name"].Value, out var to) && to != from)
                {
                    edges.Add(to);
                }
            }

            foreach (Match m in QualifiedReference().Matches(text))
            {
                if (owner.TryGetValue(m.Groups["name"].Value, out var to) && to != from)
                {
                    edges.Add(to);
                }
            }
        }

        return graph;
    }

    private static List<string>? FindPathBack(Dictionary<string, SortedSet<string>> graph, string start)
    {
        var stack = new Stack<List<string>>();
        stack.Push([start]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (stack.Count > 0)
        {
            var path = stack.Pop();
            foreach (var next in graph.GetValueOrDefault(path[^1]) ?? [])
            {
                if (next == start)
                {
                    return [.. path, next];
                }

                if (seen.Add(next))
                {
                    stack.Push([.. path, next]);
                }
            }
        }

        return null;
    }

    private static string StripCommentsAndStrings(string text)
    {
        text = BlockComment().Replace(text, " ");
        text = LineComment().Replace(text, " ");
        return StringLiteral().Replace(text, "\"\"");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backprop.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Backprop.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\b(?:class|struct|interface|enum|record(?:\s+struct)?)\s+([A-Z]\w*)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"(?<new>new\s+)?(?<![.\w])(?<name>[A-Z]\w*)\b(?<call>\s*(?:<[\w\s,<>]*>)?\s*\()?")]
    private static partial Regex TypeReference();

    [GeneratedRegex(@"\bBackprop(?:\.[A-Z]\w*)*\.(?<name>[A-Z]\w*)\b")]
    private static partial Regex QualifiedReference();

    [GeneratedRegex(@"^- `(?<from>[^`]+)` → (?<to>.*)$")]
    private static partial Regex DocumentedEdge();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"@?\$?""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex StringLiteral();
}
