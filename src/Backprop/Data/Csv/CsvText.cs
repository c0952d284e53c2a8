using System.Globalization;
using System.Numerics;

namespace Backprop.Data;

/// <summary>Writing CSV cells: RFC 4180 quoting of text, round-trip culture-invariant numbers.</summary>
internal static class CsvText
{
    /// <summary>The text as one field: quoted (with doubled quotes) when it holds the separator, a quote, a line break or edge spaces.</summary>
    public static string Field(string text, char separator = ',')
        => text.Contains(separator, StringComparison.Ordinal) || text.AsSpan().IndexOfAny('"', '\n', '\r') >= 0 || (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;

    /// <summary>The shortest text that reads back as the same value, culture-invariant ("NaN", "Infinity" for non-finite values).</summary>
    public static string Number<T>(T value)
        where T : IFloatingPointIeee754<T>
        => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Writes one row of fields joined by <paramref name="separator"/> and a '\n'.</summary>
    public static void Row(TextWriter writer, IEnumerable<string> fields, char separator = ',')
    {
        bool first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                writer.Write(separator);
            }

            writer.Write(field);
            first = false;
        }

        writer.Write('\n');
    }
}
