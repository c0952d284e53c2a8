using System.Globalization;

namespace Backprop.Data;

/// <summary>
/// Which columns of a CSV file are read and as what: the options' column references resolved against the header (or
/// the positions), with every check that needs the file's columns.
/// </summary>
internal sealed class CsvLayout
{
    private CsvLayout(string source, string[] names, bool hasHeader, int[] features, int label, int[] targets)
    {
        Source = source;
        Names = names;
        HasHeader = hasHeader;
        Features = features;
        Label = label;
        Targets = targets;
    }

    /// <summary>The file path or "the CSV data", as messages start.</summary>
    public string Source { get; }

    /// <summary>The name of every column of the file (its position as text without a header).</summary>
    public string[] Names { get; }

    public bool HasHeader { get; }

    public int Width => Names.Length;

    /// <summary>Positions of the feature columns, in feature order.</summary>
    public int[] Features { get; }

    /// <summary>Position of the label column, or −1.</summary>
    public int Label { get; }

    /// <summary>Positions of the regression target columns (empty with a label column).</summary>
    public int[] Targets { get; }

    /// <summary>"source: row r, column 'name' (index c)", the start of a message about one cell.</summary>
    public string Place(int row, int column)
        => string.Create(CultureInfo.InvariantCulture, $"{Source}: row {row}, column '{Names[column]}' (index {column})");

    /// <summary>Resolves the column references of a read.</summary>
    /// <exception cref="CsvFormatException">A name the file lacks, a position past its columns, or a used column whose header name is empty or not unique.</exception>
    /// <exception cref="ArgumentException">The chosen columns overlap (a label or target also a feature, a column listed twice).</exception>
    public static CsvLayout Resolve(string source, string[] names, bool hasHeader, CsvColumn? label, IReadOnlyList<CsvColumn> targets, CsvOptions options)
    {
        var resolver = new Resolver(source, names, hasHeader);
        int labelIndex = label is { } l ? resolver.Find(l, "label column") : -1;
        int[] targetIndices = [.. targets.Select(t => resolver.Find(t, "target column"))];
        NoRepeats(targetIndices, names, "targetColumns");

        var taken = new HashSet<int>(targetIndices);
        if (labelIndex >= 0)
        {
            taken.Add(labelIndex);
        }

        int[] features;
        if (options.FeatureColumns is { } chosen)
        {
            features = [.. chosen.Select(c => resolver.Find(c, "feature column"))];
            NoRepeats(features, names, "FeatureColumns");
            int clash = Array.FindIndex(features, taken.Contains);
            if (clash >= 0)
            {
                throw new ArgumentException(
                    $"{source}: column '{names[features[clash]]}' (index {features[clash]}) is listed in FeatureColumns but it is the {(features[clash] == labelIndex ? "label" : "target")}; a model must not see its answer among its inputs.",
                    "options");
            }
        }
        else
        {
            var excluded = new HashSet<int>((options.ExcludedColumns ?? []).Select(c => resolver.Find(c, "excluded column")));
            features = [.. Enumerable.Range(0, names.Length).Where(i => !taken.Contains(i) && !excluded.Contains(i))];
        }

        if (features.Length == 0)
        {
            throw new CsvFormatException(
                $"{source}: no column is left for the features (the file has {names.Length} column{(names.Length == 1 ? string.Empty : "s")}: {List(names)}); a data set needs at least one feature column.");
        }

        var layout = new CsvLayout(source, names, hasHeader, features, labelIndex, targetIndices);
        layout.CheckNames();
        return layout;
    }

    /// <summary>Every column that is read needs a name of its own: it becomes a feature, target or label name.</summary>
    private void CheckNames()
    {
        if (!HasHeader)
        {
            return;
        }

        foreach (int c in Features.Concat(Targets).Append(Label).Where(c => c >= 0))
        {
            if (Names[c].Length == 0)
            {
                throw new CsvFormatException(
                    $"{Source}: the header cell of column index {c} is empty, and that column is read; name it in the header, or leave it out with CsvOptions.ExcludedColumns = [{c}] (pandas writes its index column this way).",
                    1, Names[c], c, string.Empty);
            }

            int other = Array.FindIndex(Names, n => n == Names[c]);
            if (other == c)
            {
                other = Array.FindIndex(Names, c + 1, n => n == Names[c]);
            }

            if (other >= 0)
            {
                throw new CsvFormatException(
                    $"{Source}: the header names two columns '{Names[c]}' (indices {Math.Min(c, other)} and {Math.Max(c, other)}), and one of them is read; every column that is read needs its own name: rename one, or leave it out with CsvOptions.ExcludedColumns.",
                    1, Names[c], c, Names[c]);
            }
        }
    }

    private static void NoRepeats(int[] columns, string[] names, string what)
    {
        for (int i = 0; i < columns.Length; i++)
        {
            if (Array.IndexOf(columns, columns[i], i + 1) > 0)
            {
                throw new ArgumentException($"'{what}' lists column '{names[columns[i]]}' (index {columns[i]}) twice; list each column once.", "options");
            }
        }
    }

    private static string List(string[] names) => names.Length <= 20
        ? string.Join(", ", names.Select(n => $"'{n}'"))
        : string.Join(", ", names.Take(20).Select(n => $"'{n}'")) + $", … ({names.Length - 20} more)";

    /// <summary>Finds the position of a column reference, or throws naming what the file has.</summary>
    private sealed class Resolver(string source, string[] names, bool hasHeader)
    {
        public int Find(CsvColumn column, string role)
        {
            if (column.Name is not { } name)
            {
                int offset = column.Position.GetOffset(names.Length);
                return (uint)offset < (uint)names.Length
                    ? offset
                    : throw new CsvFormatException(
                        $"{source}: the {role} is {column}, but the file has {names.Length} column{(names.Length == 1 ? string.Empty : "s")} (positions 0 to {names.Length - 1}).");
            }

            int found = Array.IndexOf(names, name);
            if (found >= 0)
            {
                return Array.IndexOf(names, name, found + 1) < 0
                    ? found
                    : throw new CsvFormatException(
                        $"{source}: the {role} is '{name}', but the header names two columns '{name}' (indices {found} and {Array.IndexOf(names, name, found + 1)}); rename one, or choose the column by position.",
                        1, name, found, name);
            }

            string hint = Array.Find(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } near
                ? $" Names are matched exactly: did you mean '{near}'?"
                : hasHeader ? string.Empty : " The file has no header row (CsvOptions.Header), so its columns are named by position: \"0\", \"1\", …; or pass the position itself.";
            throw new CsvFormatException($"{source}: there is no column named '{name}' (the {role}); the columns are {List(names)}.{hint}");
        }
    }
}
