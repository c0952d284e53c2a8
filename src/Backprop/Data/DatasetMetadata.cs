namespace Backprop.Data;

/// <content>The names a data set keeps from its source: feature and target names, and the class of each index.</content>
public sealed partial class Dataset<T>
{
    /// <summary>The names this data set carries; subsets, splits and scaled copies keep them.</summary>
    internal DatasetNames Names { get; }

    /// <summary>
    /// The name of each feature column (a CSV file's header, or "0", "1", … without one), or null when the data set
    /// was built from arrays.
    /// </summary>
    public IReadOnlyList<string>? FeatureNames => Names.Features;

    /// <summary>The name of each target column of a regression data set read from CSV, or null.</summary>
    public IReadOnlyList<string>? TargetNames => Names.Targets;

    /// <summary>
    /// The label of each class index (index → label), for a data set read from CSV with a label column, or null.
    /// Order: numeric when every label is an integer, else ordinal text order (<see cref="CsvOptions.ClassNames"/>
    /// sets it). Pass it to <see cref="Csv.WriteClassPredictions{T}"/> to write labels instead of indices.
    /// </summary>
    public IReadOnlyList<string>? ClassNames => Names.Classes;

    /// <summary>The class index of a label (label → index); the inverse of <see cref="ClassNames"/>.</summary>
    /// <param name="label">The label, exactly as <see cref="ClassNames"/> holds it.</param>
    /// <returns>The index.</returns>
    /// <exception cref="InvalidOperationException">The data set has no class names.</exception>
    /// <exception cref="KeyNotFoundException">No class has that label; the message lists the labels.</exception>
    public int ClassIndex(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var classes = Names.Classes
            ?? throw new InvalidOperationException("The data set has no class names: only a data set read with a label column (Dataset<T>.FromCsv(path, labelColumn: …)) or given them with WithClassNames has them.");
        int index = Array.IndexOf(classes, label);
        return index >= 0 ? index : throw new KeyNotFoundException($"No class is labelled '{label}'; the classes are {string.Join(", ", classes.Select(c => $"'{c}'"))}.");
    }

    /// <summary>The same samples with a label for each class index (shares the data), e.g. for data built from arrays.</summary>
    /// <param name="classNames">One distinct, non-empty label per class index, at least as many as the largest class index + 1.</param>
    /// <returns>The data set with <see cref="ClassNames"/>.</returns>
    /// <exception cref="ArgumentException">A label is empty or repeated, or there are fewer labels than classes in the targets.</exception>
    public Dataset<T> WithClassNames(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Any(string.IsNullOrEmpty) || classNames.Distinct(StringComparer.Ordinal).Count() != classNames.Count)
        {
            throw new ArgumentException($"'classNames' must be distinct and non-empty; got [{string.Join(", ", classNames)}].", nameof(classNames));
        }

        int classes = HasClassLabels ? ClassLabels().Max() + 1 : Targets.Columns;
        if (classNames.Count < classes)
        {
            throw new ArgumentException($"'classNames' must name all {classes} classes of the targets; got {classNames.Count}.", nameof(classNames));
        }

        return new Dataset<T>(Features, Targets, SampleWeights, Names with { Classes = [.. classNames] });
    }

    /// <summary>The same samples with <paramref name="names"/> (the embedded data sets' scikit-learn names).</summary>
    internal Dataset<T> WithNames(DatasetNames names) => new(Features, Targets, SampleWeights, names);
}
