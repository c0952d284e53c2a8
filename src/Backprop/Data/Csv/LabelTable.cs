using System.Globalization;

namespace Backprop.Data;

/// <summary>
/// The distinct texts of a label column, in order of first appearance, and their class order: numeric when every
/// label is an integer (written as such: "1", "1.0" and "01" are one class, named "1"), else ordinal text order —
/// the order of scikit-learn's <c>LabelEncoder</c> — or the order the caller gives.
/// </summary>
internal sealed class LabelTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _texts = [];
    private readonly List<int> _firstRows = [];

    /// <summary>The id of <paramref name="text"/> (first-appearance order), added when new.</summary>
    public int Id(ReadOnlySpan<char> text, int row)
    {
        var lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out int id))
        {
            return id;
        }

        string s = text.ToString();
        id = _texts.Count;
        _ids.Add(s, id);
        _texts.Add(s);
        _firstRows.Add(row);
        return id;
    }

    /// <summary>Class index → name, and id → class index.</summary>
    /// <exception cref="CsvFormatException">A label is not among <paramref name="given"/>.</exception>
    public (string[] Classes, int[] Map) Classes(IReadOnlyList<string>? given, CsvLayout layout)
    {
        var integers = new long[_texts.Count];
        bool numeric = true;
        for (int i = 0; i < _texts.Count && numeric; i++)
        {
            numeric = double.TryParse(_texts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                && double.IsFinite(v) && v == Math.Floor(v) && Math.Abs(v) < 9e15;
            integers[i] = numeric ? (long)v : 0;
        }

        if (!numeric && given is null)
        {
            RefuseContinuousLabels(layout);
        }

        string[] names = numeric ? [.. integers.Select(n => n.ToString(CultureInfo.InvariantCulture))] : [.. _texts];
        var map = new int[_texts.Count];
        if (given is not null)
        {
            var index = given.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
            for (int id = 0; id < names.Length; id++)
            {
                map[id] = index.TryGetValue(names[id], out int c)
                    ? c
                    : throw new CsvFormatException(
                        $"{layout.Place(_firstRows[id], layout.Label)}: the label \"{_texts[id]}\" is not one of CsvOptions.ClassNames [{string.Join(", ", given)}].",
                        _firstRows[id], layout.Names[layout.Label], layout.Label, _texts[id]);
            }

            return ([.. given], map);
        }

        var order = Enumerable.Range(0, names.Length).ToArray();
        if (numeric)
        {
            Array.Sort(order, (a, b) => integers[a].CompareTo(integers[b]));
        }
        else
        {
            Array.Sort(order, (a, b) => string.CompareOrdinal(names[a], names[b]));
        }

        var classes = new List<string>();
        for (int k = 0; k < order.Length; k++)
        {
            int id = order[k];
            if (classes.Count == 0 || classes[^1] != names[id])
            {
                classes.Add(names[id]);
            }

            map[id] = classes.Count - 1;
        }

        return ([.. classes], map);
    }

    /// <summary>
    /// A label column whose every cell is a number but not every one an integer (3.7, 12.25…) is almost always a
    /// regression target given as <c>labelColumn</c>: read as classes it would become one class per distinct value
    /// and train a classifier without a word. Refused unless the caller names the classes (<c>CsvOptions.ClassNames</c>).
    /// </summary>
    /// <exception cref="CsvFormatException">Every label is a number and one is not an integer.</exception>
    private void RefuseContinuousLabels(CsvLayout layout)
    {
        int firstFraction = -1;
        for (int i = 0; i < _texts.Count; i++)
        {
            if (!double.TryParse(_texts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            {
                return;
            }

            if (firstFraction < 0 && v != Math.Floor(v))
            {
                firstFraction = i;
            }
        }

        if (firstFraction >= 0)
        {
            string column = layout.Names[layout.Label];
            throw new CsvFormatException(
                $"{layout.Place(_firstRows[firstFraction], layout.Label)}: the label column holds numbers that are not integers " +
                $"(\"{_texts[firstFraction]}\"), {_texts.Count} distinct values: it looks like a regression target. Read it with " +
                $"targetColumns: [\"{column}\"] (one output per target, for MSE or Huber), or give CsvOptions.ClassNames to treat the values as classes.",
                _firstRows[firstFraction], column, layout.Label, _texts[firstFraction]);
        }
    }
}
