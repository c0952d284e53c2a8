namespace Backprop.Metrics;

/// <summary>
/// The coefficient of determination, R² = 1 − SS_res / SS_tot, computed per output column over everything since
/// <see cref="Metric.Reset"/> and averaged uniformly over the columns (Keras' <c>R2Score</c> with its default
/// <c>class_aggregation="uniform_average"</c>, scikit-learn's <c>r2_score</c>). Logged as "r2_score"; higher is better,
/// 1 is a perfect fit, 0 is as good as predicting the column mean, and it is negative for worse.
/// </summary>
/// <remarks>
/// Unlike an average of per-batch R² values it is exact over the whole data: each column keeps the running mean and
/// sum of squared deviations of its targets (Welford's update, stable for targets with a large mean) and the sum of
/// squared residuals. A column whose targets are all equal (SS_tot = 0) scores 1 when it is predicted exactly and 0
/// otherwise, as scikit-learn's <c>force_finite=True</c> does (Keras gives 0 or NaN there). Keras' <c>num_regressors</c>
/// (adjusted R²) is not offered.
/// <para>Thread safety: accumulates one evaluation at a time: concurrent <c>Evaluate</c> calls each need their own
/// instance (a shared one makes the second call throw; see <see cref="Metric"/>).</para>
/// </remarks>
public sealed class R2Score : Metric
{
    private double[] _mean = [];
    private double[] _deviations = [];
    private double[] _residuals = [];
    private long _count;

    /// <inheritdoc/>
    public override string Name => "r2_score";

    /// <inheritdoc/>
    public override void Reset()
    {
        _mean = [];
        _deviations = [];
        _residuals = [];
        _count = 0;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The targets do not have the predictions' shape, or the number of columns
    /// changed since the last <see cref="Reset"/>.</exception>
    public override void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Columns != predictions.Columns || targets.Rows != predictions.Rows)
        {
            throw new ArgumentException(
                $"r2_score: targets must have the predictions' shape [{predictions.Rows}, {predictions.Columns}]; got [{targets.Rows}, {targets.Columns}].",
                nameof(targets));
        }

        int columns = predictions.Columns;
        if (_count == 0)
        {
            _mean = new double[columns];
            _deviations = new double[columns];
            _residuals = new double[columns];
        }
        else if (_mean.Length != columns)
        {
            throw new ArgumentException(
                $"r2_score: every batch must have {_mean.Length} columns, as the first since Reset had; got {columns}.", nameof(predictions));
        }

        for (int r = 0; r < predictions.Rows; r++)
        {
            _count++;
            ReadOnlySpan<T> p = predictions.Row(r);
            ReadOnlySpan<T> t = targets.Row(r);
            for (int c = 0; c < columns; c++)
            {
                double y = double.CreateTruncating(t[c]);
                double residual = double.CreateTruncating(p[c]) - y;
                _residuals[c] += residual * residual;
                double delta = y - _mean[c];
                _mean[c] += delta / _count;
                _deviations[c] += delta * (y - _mean[c]);
            }
        }
    }

    /// <inheritdoc/>
    public override double Result()
    {
        if (_count == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (int c = 0; c < _mean.Length; c++)
        {
            sum += _deviations[c] > 0 ? 1 - (_residuals[c] / _deviations[c])
                : _residuals[c] == 0 ? 1
                : _residuals[c] > 0 ? 0
                : double.NaN;   // NaN residuals (a diverged model) stay NaN
        }

        return sum / _mean.Length;
    }
}
