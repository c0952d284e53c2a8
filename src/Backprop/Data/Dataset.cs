using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Data;

/// <summary>
/// Features and targets of N samples, validated once: equal row counts, at least one sample, no NaN or ∞.
/// Targets are either a column of class indices <c>[N, 1]</c> (classification) or a matrix <c>[N, outputs]</c>
/// (one-hot/soft targets, regression).
/// </summary>
/// <remarks>Thread safety: reading it is safe from many threads at once (one data set may feed concurrent
/// <c>Evaluate</c> calls and a <c>Fit</c> of another model); do not write its tensors while anything reads
/// them.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a dataset, validating shapes and values.</summary>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="targets">Targets <c>[N, 1]</c> class indices, or <c>[N, outputs]</c>.</param>
    /// <param name="sampleWeights">
    /// Optional weight per sample (N values, finite, ≥ 0); empty for none. <c>Fit</c> and <c>Evaluate</c> pass the
    /// weights of each batch to the loss, which averages <c>(1/N) Σᵢ wᵢ·ℓᵢ</c>.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> or <paramref name="targets"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// Empty data, mismatched row counts, NaN/∞ values, or a number of sample weights other than N.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A sample weight is negative, NaN or ∞.</exception>
    public Dataset(Tensor2D<T> features, Tensor2D<T> targets, ReadOnlySpan<T> sampleWeights = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rows == 0 || features.Columns == 0)
        {
            throw new ArgumentException(
                $"The data is empty: features have shape [{features.Rows}, {features.Columns}]; at least one sample with one feature is needed.",
                nameof(features));
        }

        if (targets.Rows != features.Rows)
        {
            throw new ArgumentException(
                $"Features have {features.Rows} rows but targets have {targets.Rows}; each sample needs one target row.",
                nameof(targets));
        }

        if (targets.Columns == 0)
        {
            throw new ArgumentException($"Targets have shape [{targets.Rows}, 0]; at least one target column is needed.", nameof(targets));
        }

        CheckFinite(features, "features", nameof(features));
        CheckFinite(targets, "targets", nameof(targets));
        Features = features;
        Targets = targets;
        SampleWeights = sampleWeights.IsEmpty ? null : WeightColumn(sampleWeights, features.Rows);
        Names = DatasetNames.None;
    }

    private Dataset(Tensor2D<T> features, Tensor2D<T> targets, Tensor2D<T>? sampleWeights, DatasetNames names)
    {
        Features = features;
        Targets = targets;
        SampleWeights = sampleWeights;
        Names = names;
    }

    /// <summary>The features <c>[N, features]</c>.</summary>
    public Tensor2D<T> Features { get; }

    /// <summary>The targets <c>[N, 1]</c> (class indices) or <c>[N, outputs]</c>.</summary>
    public Tensor2D<T> Targets { get; }

    /// <summary>The weight of each sample as a column <c>[N, 1]</c>, or null when every sample weighs 1.</summary>
    public Tensor2D<T>? SampleWeights { get; }

    /// <summary>Number of samples N.</summary>
    public int Count => Features.Rows;

    /// <summary>Features per sample.</summary>
    public int FeatureCount => Features.Columns;

    /// <summary>
    /// True when the targets are one column of non-negative integers (class indices) — and not named regression targets
    /// (<see cref="TargetNames"/>: read with <c>targetColumns</c>, or <see cref="Datasets.Diabetes{T}"/>), whose values
    /// may happen to be whole numbers.
    /// </summary>
    public bool HasClassLabels
    {
        get
        {
            if (Targets.Columns != 1 || Names.Targets is not null)
            {
                return false;
            }

            return Guard.FirstInvalidLabel(Targets.Span) < 0;
        }
    }

    /// <summary>The class index of each sample: the label column, or the arg-max of one-hot/soft target rows.</summary>
    /// <returns>One class index per sample.</returns>
    public int[] ClassLabels()
    {
        var labels = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            labels[i] = Targets.Columns == 1 ? int.CreateTruncating(Targets[i, 0]) : Numeric<T>.ClassOfRow(Targets.Row(i), i, "target");
        }

        return labels;
    }

    /// <summary>Creates a classification dataset from a rectangular array and integer labels.</summary>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="labels">N class indices ≥ 0.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Empty data, a label count other than the row count, non-rectangular rows, or NaN/∞ features.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is negative.</exception>
    public static Dataset<T> From(T[,] features, int[] labels) => new(Tensor2D<T>.FromArray(features), LabelColumn(labels, features?.GetLength(0)));

    /// <summary>Creates a classification dataset from a jagged array and integer labels.</summary>
    /// <param name="features">N rows of features.</param>
    /// <param name="labels">N class indices ≥ 0.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Empty data, a label count other than the row count, non-rectangular rows, or NaN/∞ features.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is negative.</exception>
    public static Dataset<T> From(T[][] features, int[] labels) => new(Tensor2D<T>.FromRows(features), LabelColumn(labels, features?.Length));

    /// <summary>Creates a classification dataset from a MathNet matrix and integer labels.</summary>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="labels">N class indices ≥ 0.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Empty data, a label count other than the row count, non-rectangular rows, or NaN/∞ features.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is negative.</exception>
    public static Dataset<T> From(Matrix<T> features, int[] labels) => new(Tensor2D<T>.FromMatrix(features), LabelColumn(labels, features?.RowCount));

    /// <summary>Creates a one-target regression dataset from a rectangular array and one target value per row.</summary>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="targets">N target values; they become the targets <c>[N, 1]</c>.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Empty data, a target count other than the row count, or NaN/∞ values.</exception>
    public static Dataset<T> From(T[,] features, T[] targets) => new Dataset<T>(Tensor2D<T>.FromArray(features), TargetColumn(targets, features?.GetLength(0))).WithNames(RegressionTarget);

    /// <summary>Creates a one-target regression dataset from jagged feature rows and one target value per row.</summary>
    /// <param name="features">N rows of features.</param>
    /// <param name="targets">N target values; they become the targets <c>[N, 1]</c>.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Empty data, a target count other than the row count, non-rectangular rows, or NaN/∞ values.</exception>
    public static Dataset<T> From(T[][] features, T[] targets) => new Dataset<T>(Tensor2D<T>.FromRows(features), TargetColumn(targets, features?.Length)).WithNames(RegressionTarget);

    /// <summary>
    /// The one-target regression forms name their target "target" (scikit-learn's frame column): a named target is never
    /// read as class labels, even when its values are whole numbers (prices 100, 200, … are not 301 classes).
    /// </summary>
    private static DatasetNames RegressionTarget { get; } = new(null, ["target"], null);

    /// <summary>Creates a dataset from rectangular feature and target arrays.</summary>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="targets">Targets <c>[N, outputs]</c>.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Empty data, different row counts, non-rectangular rows, or NaN/∞ values.</exception>
    public static Dataset<T> From(T[,] features, T[,] targets) => new(Tensor2D<T>.FromArray(features), Tensor2D<T>.FromArray(targets));

    /// <summary>Creates a dataset from jagged feature and target arrays.</summary>
    /// <param name="features">N rows of features.</param>
    /// <param name="targets">N rows of targets.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Empty data, different row counts, non-rectangular rows, or NaN/∞ values.</exception>
    public static Dataset<T> From(T[][] features, T[][] targets) => new(Tensor2D<T>.FromRows(features), Tensor2D<T>.FromRows(targets));

    /// <summary>Creates a dataset from MathNet matrices.</summary>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="targets">Targets <c>[N, outputs]</c>.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Empty data, different row counts, non-rectangular rows, or NaN/∞ values.</exception>
    public static Dataset<T> From(Matrix<T> features, Matrix<T> targets) => new(Tensor2D<T>.FromMatrix(features), Tensor2D<T>.FromMatrix(targets));

    /// <summary>The samples at <paramref name="indices"/>, copied, in that order.</summary>
    /// <param name="indices">Row indices (may repeat).</param>
    /// <returns>The subset.</returns>
    /// <exception cref="ArgumentException"><paramref name="indices"/> is empty (a dataset holds at least one sample).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="Count"/>).</exception>
    public Dataset<T> Subset(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty)
        {
            throw new ArgumentException($"No indices were given; a subset of the {Count} samples needs at least one.", nameof(indices));
        }

        var x = new Tensor2D<T>(indices.Length, FeatureCount);
        var y = new Tensor2D<T>(indices.Length, Targets.Columns);
        var w = SampleWeights is null ? null : new Tensor2D<T>(indices.Length, 1);
        for (int i = 0; i < indices.Length; i++)
        {
            int src = indices[i];
            if ((uint)src >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), src, $"Index {src} is outside the dataset of {Count} samples.");
            }

            Features.Row(src).CopyTo(x.Row(i));
            Targets.Row(src).CopyTo(y.Row(i));
            if (w is not null)
            {
                w[i, 0] = SampleWeights![src, 0];
            }
        }

        return new Dataset<T>(x, y, w, Names);
    }

    /// <summary>The same samples with a weight each (replacing any weights this dataset has); shares the data, copies the weights.</summary>
    /// <param name="sampleWeights">N weights, finite and ≥ 0.</param>
    /// <returns>The weighted dataset.</returns>
    /// <exception cref="ArgumentException">The number of weights is not <see cref="Count"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative, NaN or ∞.</exception>
    public Dataset<T> WithSampleWeights(ReadOnlySpan<T> sampleWeights)
        => new(Features, Targets, WeightColumn(sampleWeights, Count), Names);

    /// <summary>Splits into train and test parts after a seeded shuffle.</summary>
    /// <param name="testFraction">Fraction of samples for the test part, in (0, 1).</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <returns>The two parts.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="ArgumentException">The fraction leaves one part empty.</exception>
    public (Dataset<T> Train, Dataset<T> Test) Split(double testFraction, int seed)
    {
        var (train, test) = Splitting.Random(Count, testFraction, seed);
        return (Subset(train), Subset(test));
    }

    /// <summary>Splits so that each class keeps its proportion in both parts (classification targets only).</summary>
    /// <param name="testFraction">Fraction of samples for the test part, in (0, 1).</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <returns>The two parts.</returns>
    /// <exception cref="InvalidOperationException">The targets are one column that is not class indices (e.g. regression values).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="ArgumentException">The fraction leaves one part empty.</exception>
    public (Dataset<T> Train, Dataset<T> Test) SplitStratified(double testFraction, int seed)
    {
        var (train, test) = Splitting.Stratified(StratificationLabels(), testFraction, seed);
        return (Subset(train), Subset(test));
    }

    /// <summary>Splits into train, validation and test parts, each class keeping its proportion in all three.</summary>
    /// <param name="validationFraction">Fraction for validation, in (0, 1).</param>
    /// <param name="testFraction">Fraction for test, in (0, 1); the two fractions sum to less than 1.</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <returns>The three parts.</returns>
    /// <exception cref="InvalidOperationException">The targets are one column that is not class indices (e.g. regression values).</exception>
    public (Dataset<T> Train, Dataset<T> Validation, Dataset<T> Test) SplitStratified(double validationFraction, double testFraction, int seed)
    {
        var (train, validation, test) = Splitting.Stratified(StratificationLabels(), validationFraction, testFraction, seed);
        return (Subset(train), Subset(validation), Subset(test));
    }

    /// <summary>
    /// K-fold cross-validation: yields k (train, validation) pairs whose validation parts are disjoint and cover every
    /// sample once. Stratified folds keep each class's proportion (classification targets only).
    /// </summary>
    /// <param name="k">Number of folds, in [2, Count].</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <param name="stratified">Keep class proportions in every fold.</param>
    /// <returns>The folds, built lazily one at a time.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="stratified"/> is true and the targets are one column that is not class indices.</exception>
    public IEnumerable<(Dataset<T> Train, Dataset<T> Validation)> KFold(int k, int seed, bool stratified = false)
    {
        var folds = stratified ? Splitting.StratifiedKFold(StratificationLabels(), k, seed) : Splitting.KFold(Count, k, seed);
        return folds.Select(f => (Subset(f.Train), Subset(f.Validation)));
    }

    /// <summary>The same samples with class-index targets replaced by one-hot rows (shares the features).</summary>
    /// <param name="classes">Number of classes K (default: the number of <see cref="ClassNames"/> when known, else largest label + 1).</param>
    /// <returns>A dataset with <c>[N, K]</c> targets.</returns>
    /// <exception cref="InvalidOperationException">The targets are not class indices.</exception>
    public Dataset<T> WithOneHotTargets(int? classes = null)
    {
        if (!HasClassLabels)
        {
            throw new InvalidOperationException(
                $"One-hot encoding needs a column of class indices, but the targets have shape [{Count}, {Targets.Columns}].");
        }

        var labels = ClassLabels();
        return new Dataset<T>(Features, OneHot.Encode<T>(labels, classes ?? ClassNames?.Count ?? (labels.Max() + 1)), SampleWeights, Names with { Targets = null });
    }

    /// <summary>
    /// The same targets and sample weights with other features (same number of rows), e.g. after scaling; the feature
    /// names are kept when the number of features is.
    /// </summary>
    /// <param name="features">The new features <c>[Count, any]</c>.</param>
    /// <returns>The new dataset.</returns>
    public Dataset<T> WithFeatures(Tensor2D<T> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Rows != Count || features.Columns == 0)
        {
            throw new ArgumentException($"The new features have shape [{features.Rows}, {features.Columns}] but the dataset has {Count} samples.", nameof(features));
        }

        CheckFinite(features, "features", nameof(features));
        return new Dataset<T>(features, Targets, SampleWeights, features.Columns == FeatureCount ? Names : Names with { Features = null });
    }

    private static Tensor2D<T> LabelColumn(int[] labels, int? rows)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (rows is int r && r != labels.Length)
        {
            throw new ArgumentException($"Features have {r} rows but {labels.Length} labels were given.", nameof(labels));
        }

        Guard.ClassLabels(labels, classes: null, "label", nameof(labels));
        var column = new Tensor2D<T>(labels.Length, 1);
        for (int i = 0; i < labels.Length; i++)
        {
            column[i, 0] = T.CreateTruncating(labels[i]);
        }

        return column;
    }

    private static Tensor2D<T> TargetColumn(T[] targets, int? rows)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (rows is int r && r != targets.Length)
        {
            throw new ArgumentException($"Features have {r} rows but {targets.Length} targets were given; give one target per row.", nameof(targets));
        }

        return new Tensor2D<T>(targets.Length, 1, (T[])targets.Clone());
    }

    private static Tensor2D<T> WeightColumn(ReadOnlySpan<T> sampleWeights, int rows)
    {
        if (sampleWeights.Length != rows)
        {
            throw new ArgumentException(
                $"{sampleWeights.Length} sample weights were given for {rows} samples; give one weight per sample.", nameof(sampleWeights));
        }

        Guard.SampleWeights(sampleWeights, nameof(sampleWeights));
        var column = new Tensor2D<T>(rows, 1);
        sampleWeights.CopyTo(column.Span);
        return column;
    }

    /// <summary>The class labels for a stratified split: the targets must be class indices (or one-hot/soft rows).</summary>
    private int[] StratificationLabels()
    {
        if (Targets.Columns == 1 && Names.Targets is not null)
        {
            throw new InvalidOperationException(
                $"Stratified splitting needs class labels, but the target '{Names.Targets[0]}' is a regression target; use Split for regression targets.");
        }

        int bad = Targets.Columns == 1 ? Guard.FirstInvalidLabel(Targets.Span) : -1;
        if (bad >= 0)
        {
            throw new InvalidOperationException(
                $"Stratified splitting needs class labels, but the target at row {bad} is {Targets[bad, 0]}; use Split for regression targets.");
        }

        return ClassLabels();
    }

    /// <summary>
    /// Checks again that every feature, target and sample weight is finite. A data set keeps references to its
    /// tensors (it does not copy them), so values written after it was created are caught here: <c>Fit</c> and
    /// <c>Evaluate</c> call this before they read any batch.
    /// </summary>
    /// <param name="what">"training", "validation" or "evaluation", for the message.</param>
    /// <exception cref="ArgumentException">A value is NaN or infinite; the message names the tensor, row and column.</exception>
    internal void EnsureStillFinite(string what)
    {
        const string changed = " (it was finite when the data set was created, so it was written afterwards)";
        CheckFinite(Features, $"{what} features", "data", changed);
        CheckFinite(Targets, $"{what} targets", "data", changed);
        if (SampleWeights is not null)
        {
            CheckFinite(SampleWeights, $"{what} sample weights", "data", changed);
        }
    }

    private static void CheckFinite(Tensor2D<T> values, string what, string paramName, string note = "")
    {
        int i = Numeric<T>.FirstNonFinite(values.Span);
        if (i >= 0)
        {
            throw new ArgumentException(
                $"The {what} contain {values.Span[i]} at row {i / values.Columns}, column {i % values.Columns}{note}; all values must be finite (no NaN or ∞).",
                paramName);
        }
    }
}
