namespace Backprop.Data;

/// <summary>
/// The feature and class names of the embedded data sets, as scikit-learn gives them (<c>feature_names</c>,
/// <c>target_names</c>), so that <c>Datasets.Iris().ClassNames</c> reads "setosa", … as <c>load_iris().target_names</c> does.
/// </summary>
internal static class BuiltInNames
{
    /// <summary>Iris: four measurements in cm, three species.</summary>
    public static DatasetNames Iris { get; } = new(
        ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
        null,
        ["setosa", "versicolor", "virginica"]);

    /// <summary>Wine: thirteen chemical measurements, three cultivars.</summary>
    public static DatasetNames Wine { get; } = new(
        ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
         "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline"],
        null,
        ["class_0", "class_1", "class_2"]);

    /// <summary>Breast cancer (Wisconsin diagnostic): ten nuclei measurements as mean, error and worst; malignant or benign.</summary>
    public static DatasetNames BreastCancer { get; } = new(
        [.. new[] { "mean {0}", "{0} error", "worst {0}" }.SelectMany(form => new[]
        {
            "radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points", "symmetry",
            "fractal dimension",
        }.Select(measure => string.Format(System.Globalization.CultureInfo.InvariantCulture, form, measure)))],
        null,
        ["malignant", "benign"]);

    /// <summary>Digits: 8 × 8 pixels named pixel_row_column, classes "0" to "9".</summary>
    public static DatasetNames Digits { get; } = new(
        [.. Enumerable.Range(0, 64).Select(i => $"pixel_{i / 8}_{i % 8}")],
        null,
        [.. Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    /// <summary>Diabetes: ten baseline variables, and one regression target (disease progression after a year).</summary>
    public static DatasetNames Diabetes { get; } = new(
        ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"],
        ["target"],
        null);
}
