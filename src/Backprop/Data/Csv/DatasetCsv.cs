using System.Text;

namespace Backprop.Data;

/// <content>Reading a data set from a CSV file: classification by a label column, regression by target columns.</content>
public sealed partial class Dataset<T>
{
    /// <summary>
    /// Reads a classification data set from a CSV file: the label column (text or integers) becomes class indices
    /// <c>[N, 1]</c> — what <c>CategoricalCrossEntropy</c> and accuracy take as sparse targets — and every other column
    /// (or <see cref="CsvOptions.FeatureColumns"/>) a feature. The label ↔ index mapping is kept in
    /// <see cref="ClassNames"/> / <see cref="ClassIndex"/>; the feature names in <see cref="FeatureNames"/>.
    /// Example: <c>Dataset&lt;float&gt;.FromCsv("iris.csv", labelColumn: "species")</c>.
    /// </summary>
    /// <param name="path">The CSV file (UTF-8, or the encoding its byte-order mark says).</param>
    /// <param name="labelColumn">The label column, by header name or position (<c>^1</c> = last).</param>
    /// <param name="options">Delimiter, header, feature selection, missing values, class order (default: <see cref="CsvOptions.Default"/>).</param>
    /// <returns>The data set.</returns>
    /// <exception cref="CsvFormatException">
    /// The file cannot be read as a data set: empty, a header but no data, a ragged row, a missing, non-numeric,
    /// NaN or infinite cell, a column it lacks, a used column with an empty or repeated header name. The message names
    /// the row (the header is row 1), the column and the cell text.
    /// </exception>
    /// <exception cref="ArgumentException">The chosen columns overlap (the label listed as a feature, a column listed twice), or an option is invalid.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static Dataset<T> FromCsv(string path, CsvColumn labelColumn, CsvOptions? options = null)
    {
        using var reader = OpenText(path);
        return FromCsv(reader, labelColumn, options, path);
    }

    /// <summary>
    /// Reads a regression data set from a CSV file: the target columns become the targets <c>[N, targets]</c> (in the
    /// order given) and every other column (or <see cref="CsvOptions.FeatureColumns"/>) a feature.
    /// Example: <c>Dataset&lt;float&gt;.FromCsv("houses.csv", targetColumns: ["price"])</c>.
    /// </summary>
    /// <param name="path">The CSV file (UTF-8, or the encoding its byte-order mark says).</param>
    /// <param name="targetColumns">One or more target columns, by header name or position.</param>
    /// <param name="options">Delimiter, header, feature selection, missing values (default: <see cref="CsvOptions.Default"/>).</param>
    /// <returns>The data set.</returns>
    /// <exception cref="CsvFormatException">As for the classification form; the message names the row, column and cell text.</exception>
    /// <exception cref="ArgumentException">No target column, overlapping columns, or an invalid option.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static Dataset<T> FromCsv(string path, IReadOnlyList<CsvColumn> targetColumns, CsvOptions? options = null)
    {
        CheckTargets(targetColumns);
        using var reader = OpenText(path);
        return FromCsv(reader, targetColumns, options, path);
    }

    /// <summary>Reads a classification data set from CSV text in a stream (left open); see <see cref="FromCsv(string, CsvColumn, CsvOptions?)"/>.</summary>
    /// <param name="stream">The CSV text, UTF-8 unless a byte-order mark says otherwise.</param>
    /// <param name="labelColumn">The label column.</param>
    /// <param name="options">The options.</param>
    /// <returns>The data set.</returns>
    public static Dataset<T> FromCsv(Stream stream, CsvColumn labelColumn, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return FromCsv(reader, labelColumn, options, "the CSV data");
    }

    /// <summary>Reads a regression data set from CSV text in a stream (left open); see <see cref="FromCsv(string, IReadOnlyList{CsvColumn}, CsvOptions?)"/>.</summary>
    /// <param name="stream">The CSV text, UTF-8 unless a byte-order mark says otherwise.</param>
    /// <param name="targetColumns">The target columns.</param>
    /// <param name="options">The options.</param>
    /// <returns>The data set.</returns>
    public static Dataset<T> FromCsv(Stream stream, IReadOnlyList<CsvColumn> targetColumns, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckTargets(targetColumns);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return FromCsv(reader, targetColumns, options, "the CSV data");
    }

    /// <summary>Reads a classification data set from CSV text (the reader is left open); see <see cref="FromCsv(string, CsvColumn, CsvOptions?)"/>.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="labelColumn">The label column.</param>
    /// <param name="options">The options.</param>
    /// <returns>The data set.</returns>
    public static Dataset<T> FromCsv(TextReader reader, CsvColumn labelColumn, CsvOptions? options = null)
        => FromCsv(reader, labelColumn, options, "the CSV data");

    /// <summary>Reads a regression data set from CSV text (the reader is left open); see <see cref="FromCsv(string, IReadOnlyList{CsvColumn}, CsvOptions?)"/>.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="targetColumns">The target columns.</param>
    /// <param name="options">The options.</param>
    /// <returns>The data set.</returns>
    public static Dataset<T> FromCsv(TextReader reader, IReadOnlyList<CsvColumn> targetColumns, CsvOptions? options = null)
    {
        CheckTargets(targetColumns);
        return FromCsv(reader, targetColumns, options, "the CSV data");
    }

    private static Dataset<T> FromCsv(TextReader reader, CsvColumn labelColumn, CsvOptions? options, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var data = CsvLoader.Read<T>(reader, source, labelColumn, [], options ?? CsvOptions.Default);
        var labels = new Tensor2D<T>(data.Features.Rows, 1);
        for (int i = 0; i < data.Labels!.Length; i++)
        {
            labels[i, 0] = T.CreateTruncating(data.Labels[i]);
        }

        return new Dataset<T>(data.Features, labels, null, new DatasetNames(data.FeatureNames, null, data.ClassNames));
    }

    private static Dataset<T> FromCsv(TextReader reader, IReadOnlyList<CsvColumn> targetColumns, CsvOptions? options, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var data = CsvLoader.Read<T>(reader, source, null, targetColumns, options ?? CsvOptions.Default);
        return new Dataset<T>(data.Features, data.Targets!, null, new DatasetNames(data.FeatureNames, data.TargetNames, null));
    }

    private static void CheckTargets(IReadOnlyList<CsvColumn> targetColumns)
    {
        ArgumentNullException.ThrowIfNull(targetColumns);
        if (targetColumns.Count == 0)
        {
            throw new ArgumentException("'targetColumns' must name at least one column; got none. For classification pass labelColumn instead.", nameof(targetColumns));
        }
    }

    /// <summary>Opens a text file for reading, UTF-8 unless its byte-order mark says otherwise.</summary>
    internal static StreamReader OpenText(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
    }
}
