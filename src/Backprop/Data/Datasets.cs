using System.IO.Compression;
using System.Numerics;
using Sylvan.Data.Csv;

namespace Backprop.Data;

/// <summary>
/// Small real data sets embedded in the package (no download): sklearn's copies of UCI digits, iris,
/// breast cancer, wine and the diabetes regression set. Provenance and licences: DATA-LICENSES.md in the package.
/// </summary>
/// <remarks>Thread safety: static methods with no shared state; safe to call from many threads at once, each call
/// working on its own arguments. Every call returns new data sets.</remarks>
public static class Datasets
{
    /// <summary>UCI optical digits, 8×8 images: 1,797 samples × 64 features, 10 classes.</summary>
    /// <param name="scaled">When true (default), pixel values 0..16 are divided by 16 into [0, 1].</param>
    /// <returns>Features and class labels.</returns>
    public static Dataset<float> Digits(bool scaled = true) => Digits<float>(scaled);

    /// <inheritdoc cref="Digits(bool)"/>
    /// <typeparam name="T">float or double.</typeparam>
    public static Dataset<T> Digits<T>(bool scaled = true)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Classification<T>("digits.csv.gz", hasHeader: false, scale: scaled ? 1.0 / 16 : 1.0, BuiltInNames.Digits);

    /// <summary>Fisher's iris: 150 samples × 4 features (cm), 3 classes.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <returns>Features and class labels.</returns>
    public static Dataset<T> Iris<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => Classification<T>("iris.csv", hasHeader: true, scale: 1.0, BuiltInNames.Iris);

    /// <summary>Breast Cancer Wisconsin (diagnostic): 569 samples × 30 unscaled features; 0 = malignant, 1 = benign.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <returns>Features and class labels.</returns>
    public static Dataset<T> BreastCancer<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => Classification<T>("breast_cancer.csv", hasHeader: true, scale: 1.0, BuiltInNames.BreastCancer);

    /// <summary>UCI wine recognition: 178 samples × 13 unscaled features, 3 classes.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <returns>Features and class labels.</returns>
    public static Dataset<T> Wine<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => Classification<T>("wine_data.csv", hasHeader: true, scale: 1.0, BuiltInNames.Wine);

    /// <summary>Diabetes regression (Efron et al.): 442 samples × 10 unscaled features; target: progression after one year (25..346).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <returns>Features and a one-column regression target.</returns>
    public static Dataset<T> Diabetes<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = ReadRows("diabetes_data_raw.csv.gz", hasHeader: false, delimiter: ' ');
        var y = ReadRows("diabetes_target.csv.gz", hasHeader: false, delimiter: ' ');
        var features = new Tensor2D<T>(x.Count, x[0].Length);
        var targets = new Tensor2D<T>(y.Count, 1);
        for (int r = 0; r < x.Count; r++)
        {
            for (int c = 0; c < x[r].Length; c++)
            {
                features[r, c] = T.CreateTruncating(x[r][c]);
            }

            targets[r, 0] = T.CreateTruncating(y[r][0]);
        }

        return new Dataset<T>(features, targets).WithNames(BuiltInNames.Diabetes);
    }

    private static Dataset<T> Classification<T>(string resource, bool hasHeader, double scale, DatasetNames names)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = ReadRows(resource, hasHeader, ',');
        int featureCount = rows[0].Length - 1;
        var features = new Tensor2D<T>(rows.Count, featureCount);
        var labels = new Tensor2D<T>(rows.Count, 1);
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < featureCount; c++)
            {
                features[r, c] = T.CreateTruncating(rows[r][c] * scale);
            }

            labels[r, 0] = T.CreateTruncating(rows[r][featureCount]);
        }

        return new Dataset<T>(features, labels).WithNames(names);
    }

    private static List<double[]> ReadRows(string resource, bool hasHeader, char delimiter)
    {
        using var stream = typeof(Datasets).Assembly.GetManifestResourceStream("Backprop.Data." + resource)
            ?? throw new InvalidOperationException($"Embedded data set '{resource}' is missing from the Backprop assembly.");
        using Stream data = resource.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var text = new StreamReader(data);
        using var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = hasHeader, Delimiter = delimiter });
        var rows = new List<double[]>();
        while (csv.Read())
        {
            var row = new double[csv.RowFieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = csv.GetDouble(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
