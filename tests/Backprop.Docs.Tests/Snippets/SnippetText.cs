using System.Text;

namespace Backprop.Docs.Tests.Snippets;

/// <summary>Normalisation and a line diff for snippet text: a block matches a region modulo common indentation.</summary>
public static class SnippetText
{
    /// <summary>
    /// Splits into lines, trims trailing white space, drops leading and trailing blank lines and removes the
    /// indentation common to every non-blank line.
    /// </summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> lines)
    {
        var trimmed = lines.Select(l => l.TrimEnd()).ToList();
        while (trimmed.Count > 0 && trimmed[0].Length == 0)
        {
            trimmed.RemoveAt(0);
        }

        while (trimmed.Count > 0 && trimmed[^1].Length == 0)
        {
            trimmed.RemoveAt(trimmed.Count - 1);
        }

        int common = trimmed.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return trimmed.Select(l => l.Length == 0 ? l : l[common..]).ToList();
    }

    /// <summary>Splits text into lines on <c>\n</c>, <c>\r\n</c> or <c>\r</c>.</summary>
    public static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');

    /// <summary>
    /// A line diff (longest common subsequence): <c>"  "</c> for lines in both, <c>"- "</c> for lines only in
    /// <paramref name="markdown"/>, <c>"+ "</c> for lines only in <paramref name="region"/>.
    /// </summary>
    public static string Diff(IReadOnlyList<string> markdown, IReadOnlyList<string> region)
    {
        int n = markdown.Count, m = region.Count;
        var lcs = new int[n + 1, m + 1];
        for (int i = n - 1; i >= 0; i--)
        {
            for (int j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = markdown[i] == region[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var sb = new StringBuilder();
        int a = 0, b = 0;
        while (a < n || b < m)
        {
            if (a < n && b < m && markdown[a] == region[b])
            {
                sb.Append("  ").AppendLine(markdown[a]);
                a++;
                b++;
            }
            else if (b < m && (a == n || lcs[a, b + 1] >= lcs[a + 1, b]))
            {
                sb.Append("+ ").AppendLine(region[b++]);
            }
            else
            {
                sb.Append("- ").AppendLine(markdown[a++]);
            }
        }

        return sb.ToString();
    }
}
