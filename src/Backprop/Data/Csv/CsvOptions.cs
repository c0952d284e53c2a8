namespace Backprop.Data;

/// <summary>
/// How <see cref="Dataset{T}.FromCsv(string, CsvColumn, CsvOptions?)"/> and <see cref="Csv.ReadFeatures{T}(string, CsvOptions?)"/>
/// read a CSV file. The defaults suit a file written by pandas, R or a spreadsheet: the delimiter and the header are
/// detected, every column that is not the label or a target is a feature, and a missing cell is an error.
/// Numbers are always read culture-invariant (<c>1234.5</c>, <c>-1e-3</c>; a decimal comma or a thousands separator is
/// an error that says so). Example: <c>new CsvOptions { FeatureColumns = ["age", "bmi"], Delimiter = ';' }</c>.
/// </summary>
/// <remarks>Thread safety: immutable once created; safe to share between threads.</remarks>
public sealed record CsvOptions
{
    /// <summary>The default options.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>
    /// The field delimiter, or null (default) to detect it from the first row among <c>,</c> <c>;</c> tab and <c>|</c>.
    /// </summary>
    public char? Delimiter { get; init; }

    /// <summary>Whether the first row names the columns (default: detect, see <see cref="CsvHeader.Auto"/>).</summary>
    public CsvHeader Header { get; init; } = CsvHeader.Auto;

    /// <summary>
    /// The feature columns, in the order the features get, by name or position; null (default) for every column that is
    /// neither the label, a target nor in <see cref="ExcludedColumns"/>, in file order.
    /// </summary>
    public IReadOnlyList<CsvColumn>? FeatureColumns { get; init; }

    /// <summary>
    /// Columns to leave out when <see cref="FeatureColumns"/> is null, e.g. an id column (pandas <c>drop(columns=…)</c>).
    /// Their cells are not read, so they may hold anything.
    /// </summary>
    public IReadOnlyList<CsvColumn>? ExcludedColumns { get; init; }

    /// <summary>What to do with a missing cell in a column that is read (default: throw).</summary>
    public MissingValuePolicy MissingValuePolicy { get; init; } = MissingValuePolicy.Error;

    /// <summary>
    /// Cell texts that mean "missing", compared case-insensitively after trimming spaces. An empty cell is always missing.
    /// Default: <c>NA</c>, <c>N/A</c>, <c>NaN</c>, <c>null</c>, <c>?</c> (pandas' markers and the UCI repository's).
    /// </summary>
    public IReadOnlyList<string> MissingValues { get; init; } = ["NA", "N/A", "NaN", "null", "?"];

    /// <summary>
    /// The classes of the label column, in index order, or null (default) to take them from the file: sorted
    /// numerically when every label is an integer, else ordinally as text (scikit-learn's <c>LabelEncoder</c> order).
    /// Give them to read a test file with the training file's indices (<c>ClassNames = train.ClassNames</c>), even when it
    /// lacks a class; a label not in the list is an error.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
}
