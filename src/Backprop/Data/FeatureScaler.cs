using System.Numerics;

namespace Backprop.Data;

/// <summary>
/// A per-feature affine rescaling <c>x′ = (x − offsetⱼ) / scaleⱼ</c> whose statistics are fitted on training data
/// only and then applied unchanged to validation, test and production data (no leakage).
/// </summary>
/// <remarks>Thread safety: <c>Fit</c> writes the fitted statistics (do it once, on one thread, before use); afterwards
/// <c>Transform</c> and <c>InverseTransform</c> only read them and may run on many threads at once.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class FeatureScaler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private double[]? _offset;
    private double[]? _scale;

    /// <summary>True once <see cref="Fit(Tensor2D{T})"/> has run.</summary>
    public bool IsFitted => _offset is not null;

    /// <summary>The number of features fitted (0 before fitting).</summary>
    public int FeatureCount => _offset?.Length ?? 0;

    /// <summary>The per-feature offsets (subtracted first).</summary>
    public IReadOnlyList<double> Offsets => _offset ?? throw NotFitted();

    /// <summary>The per-feature divisors (never 0: constant features get 1).</summary>
    public IReadOnlyList<double> Scales => _scale ?? throw NotFitted();

    /// <summary>Fits the statistics on training features.</summary>
    /// <param name="trainingFeatures">Training features <c>[N, features]</c>, N ≥ 1, all finite.</param>
    /// <returns>This scaler.</returns>
    /// <exception cref="ArgumentException">The features are empty or hold NaN or ±∞ (the message names the cell).</exception>
    public FeatureScaler<T> Fit(Tensor2D<T> trainingFeatures)
    {
        ArgumentNullException.ThrowIfNull(trainingFeatures);
        if (trainingFeatures.Rows == 0 || trainingFeatures.Columns == 0)
        {
            throw new ArgumentException($"Cannot fit a scaler on empty data [{trainingFeatures.Rows}, {trainingFeatures.Columns}].", nameof(trainingFeatures));
        }

        // A NaN (or ∞) would become the column's mean or range and so turn the whole column NaN for every row later
        // transformed, train and test alike (scikit-learn skips NaN when fitting; here missing values are the caller's to
        // fill or drop first, as everywhere else in the library).
        int bad = Numeric<T>.FirstNonFinite(trainingFeatures.Span);
        if (bad >= 0)
        {
            int columns = trainingFeatures.Columns;
            throw new ArgumentException(
                $"Cannot fit a scaler on a non-finite value: row {bad / columns}, column {bad % columns} is {trainingFeatures.Span[bad]}; fill or drop missing values first (e.g. CsvOptions.MissingValuePolicy = MissingValuePolicy.DropRow).",
                nameof(trainingFeatures));
        }

        var offset = new double[trainingFeatures.Columns];
        var scale = new double[trainingFeatures.Columns];
        ComputeStatistics(trainingFeatures, offset, scale);
        for (int j = 0; j < scale.Length; j++)
        {
            if (!(scale[j] > 0) || !double.IsFinite(scale[j]))
            {
                scale[j] = 1;
            }
        }

        (_offset, _scale) = (offset, scale);
        return this;
    }

    /// <summary>Fits on the features of a training dataset.</summary>
    /// <param name="training">The training data.</param>
    /// <returns>This scaler.</returns>
    public FeatureScaler<T> Fit(Dataset<T> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        return Fit(training.Features);
    }

    /// <summary>The scaled copy of <paramref name="features"/>.</summary>
    /// <param name="features">Features with the fitted number of columns.</param>
    /// <returns>A new buffer.</returns>
    public Tensor2D<T> Transform(Tensor2D<T> features) => Map(features, inverse: false);

    /// <summary>A dataset with scaled features and the same targets and sample weights.</summary>
    /// <param name="data">The data.</param>
    /// <returns>A new dataset.</returns>
    public Dataset<T> Transform(Dataset<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.WithFeatures(Transform(data.Features));
    }

    /// <summary>Undoes the scaling.</summary>
    /// <param name="scaled">Scaled features.</param>
    /// <returns>A new buffer in the original units.</returns>
    public Tensor2D<T> InverseTransform(Tensor2D<T> scaled) => Map(scaled, inverse: true);

    /// <summary>Computes per-feature offsets and scales from training data (scales ≤ 0 are replaced by 1).</summary>
    /// <param name="features">Training features.</param>
    /// <param name="offset">Receives one offset per feature.</param>
    /// <param name="scale">Receives one divisor per feature.</param>
    protected abstract void ComputeStatistics(Tensor2D<T> features, Span<double> offset, Span<double> scale);

    private Tensor2D<T> Map(Tensor2D<T> features, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(features);
        var offset = _offset ?? throw NotFitted();
        var scale = _scale!;
        if (features.Columns != offset.Length)
        {
            throw new ArgumentException(
                $"{GetType().Name.Split('`')[0]} was fitted on {offset.Length} features but the data has {features.Columns}.", nameof(features));
        }

        var result = new Tensor2D<T>(features.Rows, features.Columns);
        for (int r = 0; r < features.Rows; r++)
        {
            var src = features.Row(r);
            var dst = result.Row(r);
            for (int j = 0; j < src.Length; j++)
            {
                double v = double.CreateTruncating(src[j]);
                dst[j] = T.CreateTruncating(inverse ? (v * scale[j]) + offset[j] : (v - offset[j]) / scale[j]);
            }
        }

        return result;
    }

    private InvalidOperationException NotFitted() => new($"{GetType().Name.Split('`')[0]} is not fitted: call Fit with the training features first.");
}
