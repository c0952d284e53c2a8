using System.Globalization;
using System.Numerics;
using Sylvan.Data.Csv;

namespace Backprop.Data;

/// <summary>
/// Reads a CSV file into features and labels or targets (Sylvan.Data.Csv splits the fields): detects the header,
/// resolves the columns (<see cref="CsvLayout"/>), parses every cell that is read culture-invariant, and throws a
/// <see cref="CsvFormatException"/> naming the row, column and cell text of the first bad cell.
/// </summary>
internal static class CsvLoader
{
    /// <summary>Reads <paramref name="text"/>; <paramref name="label"/> or <paramref name="targets"/> (or neither, for features only).</summary>
    public static CsvData<T> Read<T>(TextReader text, string source, CsvColumn? label, IReadOnlyList<CsvColumn> targets, CsvOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Numeric<T>.EnsureSupported();
        CheckOptions(options);
        var settings = new CsvDataReaderOptions { HasHeaders = false, Delimiter = options.Delimiter, Comment = '\0', OwnsReader = false };
        try
        {
            using var csv = CsvDataReader.Create(text, settings);
            var first = NextRow(csv) ?? throw new CsvFormatException($"{source}: the file is empty; a data set needs a row of numbers at least.");
            var second = NextRow(csv);
            bool hasHeader = options.Header switch
            {
                CsvHeader.Present => true,
                CsvHeader.Absent => false,
                _ => LooksLikeHeader(first.Cells, second?.Cells, options),
            };
            string[] names = hasHeader
                ? [.. first.Cells.Select(c => c.Trim())]
                : [.. Enumerable.Range(0, first.Cells.Length).Select(i => i.ToString(CultureInfo.InvariantCulture))];
            var layout = CsvLayout.Resolve(source, names, hasHeader, label, targets, options);
            var rows = new RowParser<T>(layout, options);
            if (!hasHeader)
            {
                rows.Add(new BufferedCells(first.Cells), first.Number);
            }

            if (second is { } s)
            {
                rows.Add(new BufferedCells(s.Cells), s.Number);
            }

            while (csv.Read())
            {
                var cells = new LiveCells(csv);
                if (!IsBlank(cells))
                {
                    rows.Add(cells, csv.RowNumber);
                }
            }

            return rows.Finish();
        }
        catch (CsvFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is FormatException or InvalidDataException || e.GetType().Namespace == typeof(CsvDataReader).Namespace)
        {
            throw new CsvFormatException($"{source}: the file is not valid CSV: {e.Message}", e);
        }
    }

    private static void CheckOptions(CsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Delimiter is char d && (d is '"' or '\n' or '\r' or '.' or '-' or '+' || char.IsLetterOrDigit(d)))
        {
            throw new ArgumentException($"'Delimiter' must be a character that cannot be part of a number or a quote; got '{d}'.", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.MissingValues, "options.MissingValues");
        if (options.ClassNames is { } classes)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in classes)
            {
                if (string.IsNullOrWhiteSpace(name) || name.Trim() != name || !seen.Add(name))
                {
                    throw new ArgumentException(
                        $"'ClassNames' must be distinct, non-empty names without surrounding spaces; got '{name}' in [{string.Join(", ", classes)}].", nameof(options));
                }
            }
        }
    }

    /// <summary>The next row that is not blank, with its row number, or null at the end.</summary>
    private static (string[] Cells, int Number)? NextRow(CsvDataReader csv)
    {
        while (csv.Read())
        {
            var cells = new LiveCells(csv);
            if (!IsBlank(cells))
            {
                return ([.. Enumerable.Range(0, csv.RowFieldCount).Select(csv.GetString)], csv.RowNumber);
            }
        }

        return null;
    }

    /// <summary>A line with nothing but spaces (pandas skips them too).</summary>
    private static bool IsBlank<TCells>(TCells cells)
        where TCells : ICsvCells
        => cells.Count == 1 && cells[0].IsWhiteSpace();

    /// <summary>
    /// The header rule of <see cref="CsvHeader.Auto"/>: some cell of the first row is text (not a number, not missing)
    /// where the second row holds a number, or no cell of the first row is a number.
    /// </summary>
    internal static bool LooksLikeHeader(string[] first, string[]? second, CsvOptions options)
    {
        bool anyNumber = false;
        for (int c = 0; c < first.Length; c++)
        {
            if (IsNumber(first[c]))
            {
                anyNumber = true;
            }
            else if (!IsMissing(first[c], options) && second is not null && c < second.Length && IsNumber(second[c]))
            {
                return true;
            }
        }

        return !anyNumber;
    }

    internal static bool IsMissing(ReadOnlySpan<char> cell, CsvOptions options)
    {
        var text = cell.Trim();
        if (text.IsEmpty)
        {
            return true;
        }

        foreach (var marker in options.MissingValues)
        {
            if (text.Equals(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNumber(string cell)
        => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v);
}
