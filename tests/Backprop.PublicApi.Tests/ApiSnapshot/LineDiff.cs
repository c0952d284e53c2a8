using System.Text;

namespace Backprop.PublicApi.Tests.ApiSnapshot;

/// <summary>A unified-style line diff for the API snapshot's failure message: only what changed, with a little context.</summary>
internal static class LineDiff
{
    /// <summary>Lines prefixed "- " (only in <paramref name="approved"/>), "+ " (only in <paramref name="received"/>) and
    /// "  " (context), hunks headed "@@ approved line N @@"; empty when the two are equal.</summary>
    public static string Format(IReadOnlyList<string> approved, IReadOnlyList<string> received, int context = 2)
    {
        var ops = Diff(approved, received);
        var shown = new bool[ops.Count];
        for (int i = 0; i < ops.Count; i++)
        {
            if (ops[i].Kind != ' ')
            {
                for (int k = Math.Max(0, i - context); k <= Math.Min(ops.Count - 1, i + context); k++)
                {
                    shown[k] = true;
                }
            }
        }

        var text = new StringBuilder();
        for (int i = 0; i < ops.Count; i++)
        {
            if (!shown[i])
            {
                continue;
            }

            if (i == 0 || !shown[i - 1])
            {
                text.Append("@@ approved line ").Append(ops[i].ApprovedLine + 1).Append(" @@\n");
            }

            text.Append(ops[i].Kind).Append(' ').Append(ops[i].Text).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Longest-common-subsequence diff on the middle part; the common prefix and suffix are matched first,
    /// so a change of a few lines in a long file costs little.</summary>
    private static List<Op> Diff(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        int prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }

        int suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix])
        {
            suffix++;
        }

        int n = a.Count - prefix - suffix, m = b.Count - prefix - suffix;
        var lcs = new int[n + 1, m + 1];
        for (int i = n - 1; i >= 0; i--)
        {
            for (int j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<Op>(a.Count + b.Count);
        for (int i = 0; i < prefix; i++)
        {
            ops.Add(new Op(' ', a[i], i));
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[prefix + x] == b[prefix + y])
            {
                ops.Add(new Op(' ', a[prefix + x], prefix + x));
                x++;
                y++;
            }
            else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add(new Op('-', a[prefix + x], prefix + x));
                x++;
            }
            else
            {
                ops.Add(new Op('+', b[prefix + y], prefix + x));
                y++;
            }
        }

        for (int i = a.Count - suffix; i < a.Count; i++)
        {
            ops.Add(new Op(' ', a[i], i));
        }

        return ops;
    }

    private readonly record struct Op(char Kind, string Text, int ApprovedLine);
}
