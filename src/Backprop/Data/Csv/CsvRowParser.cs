using System.Globalization;
using System.Numerics;

namespace Backprop.Data;

/// <summary>
/// Parses the data rows of one CSV read into growing buffers: numbers culture-invariant, labels as trimmed text, with
/// the missing-value policy; every bad cell throws a <see cref="CsvFormatException"/> naming its place and text.
/// </summary>
internal sealed class RowParser<T>(CsvLayout layout, CsvOptions options)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly string[] InfinityTexts = ["inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "+∞", "-∞"];

    private readonly List<T> _features = [];
    private readonly List<T> _targets = [];
    private readonly List<int> _labelIds = [];
    private readonly LabelTable _labels = new();
    private readonly T[] _rowFeatures = new T[layout.Features.Length];
    private readonly T[] _rowTargets = new T[layout.Targets.Length];

    // Missing-value markers that are numbers (-999, 0): a cell holding one of these values is missing, compared as a
    // number (pandas' na_values=[-999] also catches "-999.0"); the others are compared as text in CsvLoader.IsMissing.
    private readonly double[] _numericMarkers = [.. options.MissingValues
        .Select(m => double.TryParse(m.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN)
        .Where(double.IsFinite)];

    private int _read;

    /// <summary>Parses one data row and keeps it, or leaves it out under <see cref="MissingValuePolicy.DropRow"/>.</summary>
    public void Add<TCells>(TCells cells, int row)
        where TCells : ICsvCells
    {
        _read++;
        if (cells.Count != layout.Width)
        {
            throw Ragged(cells.Count, row);
        }

        bool missing = false;
        for (int i = 0; i < _rowFeatures.Length; i++)
        {
            missing |= !TryNumber(cells, row, layout.Features[i], out _rowFeatures[i]);
        }

        for (int i = 0; i < _rowTargets.Length; i++)
        {
            missing |= !TryNumber(cells, row, layout.Targets[i], out _rowTargets[i]);
        }

        int labelId = -1;
        if (layout.Label >= 0)
        {
            var text = cells[layout.Label];
            if (CsvLoader.IsMissing(text, options))
            {
                missing = true;
                Missing(text, row, layout.Label);
            }
            else
            {
                labelId = _labels.Id(text.Trim(), row);
            }
        }

        if (missing)
        {
            return;
        }

        _features.AddRange(_rowFeatures);
        _targets.AddRange(_rowTargets);
        if (labelId >= 0)
        {
            _labelIds.Add(labelId);
        }
    }

    /// <summary>The rows kept, as tensors, with the class mapping of the label column.</summary>
    public CsvData<T> Finish()
    {
        int count = _features.Count / _rowFeatures.Length;
        if (count == 0)
        {
            throw new CsvFormatException(_read == 0
                ? $"{layout.Source}: the file has a header row but no data rows."
                : $"{layout.Source}: every one of its {_read} data rows has a missing cell in a column that is read, so MissingValuePolicy.DropRow left none.");
        }

        var features = new Tensor2D<T>(count, _rowFeatures.Length, [.. _features]);
        var names = layout.Features.Select(c => layout.Names[c]).ToArray();
        if (layout.Label >= 0)
        {
            var (classes, map) = _labels.Classes(options.ClassNames, layout);
            return new CsvData<T>(features, names) { Labels = [.. _labelIds.Select(id => map[id])], ClassNames = classes };
        }

        return new CsvData<T>(features, names)
        {
            Targets = layout.Targets.Length == 0 ? null : new Tensor2D<T>(count, _rowTargets.Length, [.. _targets]),
            TargetNames = [.. layout.Targets.Select(c => layout.Names[c])],
        };
    }

    private CsvFormatException Ragged(int cells, int row)
    {
        string against = layout.HasHeader ? "the header has" : "the first row has";
        string problem = cells < layout.Width
            ? "too few: a missing value is an empty cell between two delimiters (5.1,,1.4), not a left-out one"
            : "too many: a value holding the delimiter must be quoted (\"1,5\"), and a row needs no delimiter at its end";
        return new CsvFormatException(
            string.Create(CultureInfo.InvariantCulture, $"{layout.Source}: row {row} has {cells} cells but {against} {layout.Width}; {problem}."),
            row, null, null, null);
    }

    /// <summary>Parses a number cell; false when it is missing and the policy drops the row.</summary>
    private bool TryNumber<TCells>(TCells cells, int row, int column, out T value)
        where TCells : ICsvCells
    {
        var text = cells[column];
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
        {
            if (_numericMarkers.Length > 0 && Array.IndexOf(_numericMarkers, d) >= 0)
            {
                value = T.Zero;
                Missing(text, row, column);
                return false;
            }

            value = T.CreateTruncating(d);
            if (T.IsFinite(value))
            {
                return true;
            }

            throw Bad(row, column, text, $"is outside the range of {typeof(T).Name}; read the file as Dataset<double> or rescale the column");
        }

        value = T.Zero;
        if (CsvLoader.IsMissing(text, options))
        {
            Missing(text, row, column);
            return false;
        }

        var trimmed = text.Trim();
        if (IsInfinityText(trimmed) || double.IsInfinity(d))
        {
            throw Bad(row, column, text, "is infinite; every value must be finite");
        }

        if (double.IsNaN(d))
        {
            throw Bad(row, column, text, "is NaN; a missing value must be empty or one of CsvOptions.MissingValues, and MissingValuePolicy.DropRow leaves such rows out");
        }

        string hint = trimmed.Contains(',') && double.TryParse(trimmed.ToString().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "numbers are read culture-invariant, with '.' as the decimal point and no thousands separator"
            : "numbers are read culture-invariant (1234.5, -1e-3); a text column can be the label (labelColumn) or be left out (CsvOptions.ExcludedColumns)";
        throw Bad(row, column, text, $"is not a number; {hint}");
    }

    private static bool IsInfinityText(ReadOnlySpan<char> text)
    {
        foreach (var s in InfinityTexts)
        {
            if (text.Equals(s, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private void Missing(ReadOnlySpan<char> text, int row, int column)
    {
        if (options.MissingValuePolicy == MissingValuePolicy.Error)
        {
            string shown = text.IsWhiteSpace() ? "the cell is empty" : $"the cell holds \"{text}\", a missing-value marker";
            throw new CsvFormatException(
                $"{layout.Place(row, column)}: {shown}; fill it in, or set CsvOptions.MissingValuePolicy = MissingValuePolicy.DropRow to leave out rows with missing cells.",
                row, layout.Names[column], column, text.ToString());
        }
    }

    private CsvFormatException Bad(int row, int column, ReadOnlySpan<char> text, string problem)
        => new($"{layout.Place(row, column)}: \"{text}\" {problem}.", row, layout.Names[column], column, text.ToString());
}
