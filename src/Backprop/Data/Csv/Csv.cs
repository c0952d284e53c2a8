using System.Numerics;
using System.Text;
using Backprop.Serialization;

namespace Backprop.Data;

/// <summary>
/// CSV conveniences beside <see cref="Dataset{T}.FromCsv(string, CsvColumn, CsvOptions?)"/>: reading features
/// without targets (new data to predict), and writing predictions — numbers culture-invariant with round-trip
/// precision, the file replaced atomically (a crash leaves the old file or the new one, never half of one).
/// </summary>
/// <remarks>Thread safety: static methods with no shared state; safe to call from many threads at once, each on its
/// own arguments (two calls writing the same file leave one of the two complete files).</remarks>
public static class Csv
{
    /// <summary>
    /// Reads the feature columns of a CSV file with no target, e.g. new rows to predict. The rules are those of
    /// <see cref="Dataset{T}.FromCsv(string, CsvColumn, CsvOptions?)"/>; to read the columns a model was trained on,
    /// in its order, pass <c>new CsvOptions { FeatureColumns = CsvColumn.FromNames(train.FeatureNames!) }</c>.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">The options (default: every column is a feature).</param>
    /// <returns>The features <c>[N, features]</c>.</returns>
    /// <exception cref="CsvFormatException">The file cannot be read; the message names the row, column and cell text.</exception>
    public static Tensor2D<T> ReadFeatures<T>(string path, CsvOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var reader = Dataset<T>.OpenText(path);
        return CsvLoader.Read<T>(reader, path, null, [], options ?? CsvOptions.Default).Features;
    }

    /// <summary>
    /// Writes model outputs as CSV, one row per sample and one column per output, headed by
    /// <paramref name="columnNames"/> (e.g. <c>train.TargetNames</c>) or <c>output_0</c>, <c>output_1</c>, ….
    /// For regression: <c>Csv.WritePredictions("predictions.csv", model.Predict(test.Features), test.TargetNames)</c>.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="path">The file to write (replaced atomically).</param>
    /// <param name="predictions">The outputs <c>[N, outputs]</c>.</param>
    /// <param name="columnNames">One name per output column, or null.</param>
    /// <exception cref="ArgumentException">The number of names is not the number of columns.</exception>
    public static void WritePredictions<T>(string path, Tensor2D<T> predictions, IReadOnlyList<string>? columnNames = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (columnNames is not null && columnNames.Count != predictions.Columns)
        {
            throw new ArgumentException($"'columnNames' must name each of the {predictions.Columns} output columns; got {columnNames.Count} names.", nameof(columnNames));
        }

        var header = columnNames ?? [.. Enumerable.Range(0, predictions.Columns).Select(c => $"output_{c}")];
        Write(path, writer =>
        {
            CsvText.Row(writer, header.Select(h => CsvText.Field(h)));
            for (int r = 0; r < predictions.Rows; r++)
            {
                CsvText.Row(writer, predictions.Row(r).ToArray().Select(CsvText.Number));
            }
        });
    }

    /// <summary>
    /// Writes class predictions as CSV: <c>actual</c> (when given), <c>predicted</c> (the label of the most probable
    /// class, first on ties; for a one-output model, the second class when p ≥ 0.5) and <c>p_&lt;label&gt;</c>, the
    /// probability of each class. Example:
    /// <c>Csv.WriteClassPredictions("predictions.csv", model.Predict(test.Features), train.ClassNames!, fromLogits: true, actual: test.ClassLabels())</c>.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="path">The file to write (replaced atomically).</param>
    /// <param name="outputs">The model outputs <c>[N, classes]</c>, or <c>[N, 1]</c> for a binary model.</param>
    /// <param name="classNames">The label of each class index (<c>dataset.ClassNames</c>); two for a one-output model.</param>
    /// <param name="fromLogits">
    /// True when the outputs are logits (a last layer without softmax/sigmoid, trained with <c>fromLogits: true</c>):
    /// they are turned into probabilities by softmax (sigmoid for one output). False when they already are probabilities.
    /// </param>
    /// <param name="actual">The true class index of each row, or null to leave the column out.</param>
    /// <exception cref="ArgumentException">The number of class names does not match the outputs, or <paramref name="actual"/> has another length or an index outside the classes.</exception>
    /// <exception cref="InvalidOperationException">A row of outputs holds NaN (the model diverged).</exception>
    public static void WriteClassPredictions<T>(string path, Tensor2D<T> outputs, IReadOnlyList<string> classNames, bool fromLogits, IReadOnlyList<int>? actual = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(classNames);
        int classes = outputs.Columns == 1 ? 2 : outputs.Columns;
        if (classNames.Count != classes)
        {
            throw new ArgumentException(
                $"'classNames' must hold {classes} labels for outputs of shape [{outputs.Rows}, {outputs.Columns}]; got {classNames.Count}.", nameof(classNames));
        }

        if (actual is not null)
        {
            if (actual.Count != outputs.Rows)
            {
                throw new ArgumentException($"'actual' must hold one class per row ({outputs.Rows}); got {actual.Count}.", nameof(actual));
            }

            Guard.ClassLabels([.. actual], classes, "actual class", nameof(actual));
        }

        var header = (actual is null ? Enumerable.Empty<string>() : ["actual"]).Append("predicted").Concat(classNames.Select(c => "p_" + c));
        Write(path, writer =>
        {
            CsvText.Row(writer, header.Select(h => CsvText.Field(h)));
            var p = new double[classes];
            for (int r = 0; r < outputs.Rows; r++)
            {
                int predicted = Probabilities(outputs.Row(r), fromLogits, p, r);
                var cells = new List<string>(classes + 2);
                if (actual is not null)
                {
                    cells.Add(CsvText.Field(classNames[actual[r]]));
                }

                cells.Add(CsvText.Field(classNames[predicted]));
                cells.AddRange(p.Select(v => CsvText.Number(T.CreateTruncating(v))));
                CsvText.Row(writer, cells);
            }
        });
    }

    /// <summary>Fills <paramref name="p"/> with the class probabilities of one output row and returns the predicted class.</summary>
    private static int Probabilities<T>(ReadOnlySpan<T> row, bool fromLogits, double[] p, int rowIndex)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (row.Length == 1)
        {
            double z = double.CreateTruncating(row[0]);
            double p1 = fromLogits ? 1 / (1 + Math.Exp(-z)) : z;
            if (double.IsNaN(p1))
            {
                throw new InvalidOperationException($"The output of row {rowIndex} is NaN; the model has diverged.");
            }

            p[0] = 1 - p1;
            p[1] = p1;
            return p1 >= 0.5 ? 1 : 0;
        }

        int best = Numeric<T>.ClassOfRow(row, rowIndex, "output");
        double max = double.CreateTruncating(row[best]);
        double sum = 0;
        for (int c = 0; c < row.Length; c++)
        {
            p[c] = fromLogits ? Math.Exp(double.CreateTruncating(row[c]) - max) : double.CreateTruncating(row[c]);
            sum += p[c];
        }

        if (fromLogits)
        {
            for (int c = 0; c < row.Length; c++)
            {
                p[c] /= sum;
            }
        }

        return best;
    }

    /// <summary>Writes a UTF-8 text file (no byte-order mark) atomically.</summary>
    internal static void Write(string path, Action<TextWriter> write)
        => AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            write(writer);
            writer.Flush();
        });
}
