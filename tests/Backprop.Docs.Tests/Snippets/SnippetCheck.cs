using System.Text.RegularExpressions;

namespace Backprop.Docs.Tests.Snippets;

/// <summary>What <see cref="SnippetCheck.Run"/> found, and the markdown it rewrote in update mode.</summary>
/// <param name="Problems">Every problem left (in update mode: after the rewrite).</param>
/// <param name="Rewritten">Path → new text of each markdown file whose blocks were rewritten from their regions.</param>
public sealed record SnippetCheckResult(IReadOnlyList<SnippetProblem> Problems, IReadOnlyDictionary<string, string> Rewritten);

/// <summary>
/// Checks markdown code blocks against the C# regions they name: every marker has its regions, every region is shown
/// by some marker, every marked block equals its regions modulo indentation, every C# block has a marker (or a
/// <c>none (reason)</c> opt-out). In update mode, blocks that differ are rewritten from the regions instead.
/// </summary>
public static partial class SnippetCheck
{
    [GeneratedRegex(@"^none\s*\(\s*\S.*\)$")]
    private static partial Regex OptOutPattern();

    /// <summary>Runs the check over in-memory files (paths are only used in messages and as keys).</summary>
    /// <param name="markdown">The markdown files: path and text.</param>
    /// <param name="sources">The C# files holding the regions: path and text.</param>
    /// <param name="update">Rewrite differing blocks from their regions instead of reporting them.</param>
    public static SnippetCheckResult Run(IEnumerable<(string Path, string Text)> markdown, IEnumerable<(string Path, string Text)> sources, bool update)
    {
        var problems = new List<SnippetProblem>();
        var regions = CodeRegions.Read(sources, problems);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var rewritten = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var (path, text) in markdown)
        {
            var lines = SnippetText.Lines(text);
            bool changed = false;
            var blocks = MarkdownBlocks.Read(path, lines, problems);

            // Bottom-up, so a rewrite that changes a block's length leaves the line numbers above it valid.
            foreach (var block in Enumerable.Reverse(blocks))
            {
                var expected = Expected(path, block, regions, used, problems);
                if (expected is null)
                {
                    continue;
                }

                var shown = SnippetText.Normalize(lines[(block.OpenLine + 1)..block.CloseLine]);
                if (shown.SequenceEqual(expected, StringComparer.Ordinal))
                {
                    continue;
                }

                if (update)
                {
                    var replacement = expected.Select(l => l.Length == 0 ? l : block.Indent + l);
                    lines = [.. lines[..(block.OpenLine + 1)], .. replacement, .. lines[block.CloseLine..]];
                    changed = true;
                }
                else
                {
                    problems.Add(new(path, block.OpenLine + 1,
                        $"the block of snippet '{block.Marker}' differs from its region{(block.Marker!.Contains('+', StringComparison.Ordinal) ? "s" : "")} "
                        + $"({string.Join(", ", Names(block.Marker).Select(n => $"{regions[n].File}:{regions[n].Line}"))}); "
                        + "'-' lines are in the markdown, '+' lines in the region (BACKPROP_UPDATE_SNIPPETS=1 rewrites the markdown):\n"
                        + SnippetText.Diff(shown, expected)));
                }
            }

            if (changed)
            {
                rewritten[path] = string.Join(text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n", lines);
            }
        }

        foreach (var region in regions.Values.Where(r => !used.Contains(r.Name)).OrderBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Line))
        {
            problems.Add(new(region.File, region.Line, $"region '{region.Name}' is not shown by any snippet marker in README.md or docs/"));
        }

        var ordered = problems.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToList();
        return new SnippetCheckResult(ordered, rewritten);
    }

    private static IEnumerable<string> Names(string marker) => marker.Split('+').Select(n => n.Trim());

    /// <summary>The lines a block must show, or null when it has none to compare (no marker, opt-out, a problem).</summary>
    private static List<string>? Expected(string path, MarkdownBlock block, Dictionary<string, CodeRegion> regions, HashSet<string> used, List<SnippetProblem> problems)
    {
        if (block.Marker is null)
        {
            if (block.IsCSharp)
            {
                problems.Add(new(path, block.OpenLine + 1,
                    $"```{block.Language} block without a snippet marker: put <!-- snippet: Name --> on the line above it (a #region in tests/Backprop.Docs.Tests), or <!-- snippet: none (reason) --> for a listing that is not code to run"));
            }

            return null;
        }

        if (block.Marker == "none" || block.Marker.StartsWith("none ", StringComparison.Ordinal) || block.Marker.StartsWith("none(", StringComparison.Ordinal))
        {
            if (!OptOutPattern().IsMatch(block.Marker))
            {
                problems.Add(new(path, block.MarkerLine + 1, $"opt-out '{block.Marker}' needs a reason: <!-- snippet: none (why this block is not run) -->"));
            }

            return null;
        }

        var expected = new List<string>();
        bool complete = true;
        foreach (var name in Names(block.Marker))
        {
            if (regions.TryGetValue(name, out var region))
            {
                used.Add(name);
                if (expected.Count > 0)
                {
                    expected.Add(string.Empty);                 // joined regions are separated by a blank line
                }

                expected.AddRange(region.Lines);
            }
            else
            {
                problems.Add(new(path, block.MarkerLine + 1, $"snippet '{name}' has no #region {name} in tests/Backprop.Docs.Tests"));
                complete = false;
            }
        }

        return complete ? expected : null;
    }
}
