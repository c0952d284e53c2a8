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
}
