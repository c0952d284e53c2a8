using System.Text.RegularExpressions;

namespace Backprop.Docs.Tests.Snippets;

/// <summary>A fenced code block of a markdown file and the snippet marker on the line before it, if any.</summary>
/// <param name="Marker">The marker's text after <c>snippet:</c> (e.g. <c>Quickstart</c>, <c>A + B</c>,
/// <c>none (shell output)</c>), or null.</param>
/// <param name="MarkerLine">0-based line of the marker (−1 without one).</param>
/// <param name="OpenLine">0-based line of the opening fence.</param>
/// <param name="CloseLine">0-based line of the closing fence.</param>
/// <param name="Language">The info string's first word (e.g. <c>csharp</c>), or empty.</param>
/// <param name="Indent">The opening fence's indentation (a block inside a list item).</param>
public sealed record MarkdownBlock(string? Marker, int MarkerLine, int OpenLine, int CloseLine, string Language, string Indent)
{
    /// <summary>True for <c>csharp</c>, <c>cs</c> and <c>c#</c> blocks: those need a marker.</summary>
    public bool IsCSharp => Language is "csharp" or "cs" or "c#" or "C#";
}

/// <summary>Finds fenced code blocks and snippet markers (<c>&lt;!-- snippet: Name --&gt;</c>) in markdown.</summary>
public static partial class MarkdownBlocks
{
    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*(?<m>.*?)\s*-->\s*$")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"^(?<indent>\s*)(?<fence>`{3,}|~{3,})\s*(?<lang>[^\s`]*)")]
    private static partial Regex FencePattern();

    /// <summary>
    /// The blocks of one file. A marker must sit on the line directly above a block's opening fence; a marker
    /// anywhere else, or a block that is never closed, is reported in <paramref name="problems"/>.
    /// </summary>
    public static List<MarkdownBlock> Read(string path, string[] lines, List<SnippetProblem> problems)
    {
        var blocks = new List<MarkdownBlock>();
        (string Text, int Line)? marker = null;
        for (int i = 0; i < lines.Length; i++)
        {
            var markerMatch = MarkerPattern().Match(lines[i]);
            if (markerMatch.Success)
            {
                ReportDangling(path, marker, problems);
                marker = (markerMatch.Groups["m"].Value, i);
                continue;
            }

            var fence = FencePattern().Match(lines[i]);
            if (!fence.Success)
            {
                if (lines[i].Trim().Length > 0)
                {
                    ReportDangling(path, marker, problems);
                    marker = null;
                }

                continue;
            }

            string fenceText = fence.Groups["fence"].Value;
            int close = i + 1;
            while (close < lines.Length && !IsClosingFence(lines[close], fenceText))
            {
                close++;
            }

            if (close == lines.Length)
            {
                problems.Add(new(path, i + 1, "code block is never closed"));
                return blocks;
            }

            bool adjacent = marker is { } m && m.Line == i - 1;
            if (!adjacent)
            {
                ReportDangling(path, marker, problems);
            }

            blocks.Add(new MarkdownBlock(adjacent ? marker!.Value.Text : null, adjacent ? marker!.Value.Line : -1, i, close,
                fence.Groups["lang"].Value, fence.Groups["indent"].Value));
            marker = null;
            i = close;
        }

        ReportDangling(path, marker, problems);
        return blocks;
    }

    private static bool IsClosingFence(string line, string fence)
    {
        string t = line.Trim();
        return t.Length >= fence.Length && t.All(c => c == fence[0]);
    }

    private static void ReportDangling(string path, (string Text, int Line)? marker, List<SnippetProblem> problems)
    {
        if (marker is { } m)
        {
            problems.Add(new(path, m.Line + 1, $"snippet marker '{m.Text}' is not on the line directly above a code block"));
        }
    }
}
