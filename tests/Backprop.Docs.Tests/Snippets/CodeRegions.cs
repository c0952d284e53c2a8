namespace Backprop.Docs.Tests.Snippets;

/// <summary>One <c>#region Name</c> … <c>#endregion</c> of a C# file: the text a snippet marker refers to.</summary>
/// <param name="Name">The region's name.</param>
/// <param name="File">The file it is in (as given to <see cref="CodeRegions.Read"/>).</param>
/// <param name="Line">The 1-based line of <c>#region</c>.</param>
/// <param name="Lines">The lines between the directives, normalised (<see cref="SnippetText.Normalize"/>); the
/// directive lines of nested regions are left out.</param>
public sealed record CodeRegion(string Name, string File, int Line, IReadOnlyList<string> Lines);

/// <summary>Reads the regions of C# source files.</summary>
public static class CodeRegions
{
    /// <summary>
    /// Every region of every file. Regions may nest (the outer one's text leaves out the inner directive lines);
    /// a duplicate name, an unnamed, unclosed or unopened region is reported in <paramref name="problems"/>.
    /// </summary>
    public static Dictionary<string, CodeRegion> Read(IEnumerable<(string Path, string Text)> files, List<SnippetProblem> problems)
    {
        var regions = new Dictionary<string, CodeRegion>(StringComparer.Ordinal);
        foreach (var (path, text) in files)
        {
            var lines = SnippetText.Lines(text);
            var open = new Stack<(string Name, int Line, List<string> Body)>();
            for (int i = 0; i < lines.Length; i++)
            {
                string trimmed = lines[i].Trim();
                if (trimmed.StartsWith("#region", StringComparison.Ordinal))
                {
                    string name = trimmed["#region".Length..].Trim();
                    if (name.Length == 0)
                    {
                        problems.Add(new(path, i + 1, "#region without a name: every region in the docs tests is a snippet"));
                    }

                    open.Push((name, i + 1, []));
                }
                else if (trimmed.StartsWith("#endregion", StringComparison.Ordinal))
                {
                    if (open.Count == 0)
                    {
                        problems.Add(new(path, i + 1, "#endregion without #region"));
                        continue;
                    }

                    var (name, line, body) = open.Pop();
                    if (name.Length == 0)
                    {
                        continue;
                    }

                    if (regions.TryGetValue(name, out var other))
                    {
                        problems.Add(new(path, line, $"region '{name}' is defined twice (also {other.File}:{other.Line})"));
                        continue;
                    }

                    regions[name] = new CodeRegion(name, path, line, SnippetText.Normalize(body));
                }
                else
                {
                    foreach (var region in open)
                    {
                        region.Body.Add(lines[i]);
                    }
                }
            }

            foreach (var (name, line, _) in open)
            {
                problems.Add(new(path, line, $"region '{name}' is never closed (#endregion)"));
            }
        }

        return regions;
    }
}
