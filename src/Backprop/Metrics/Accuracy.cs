using System.Numerics;

namespace Backprop.Metrics;

/// <summary>
/// Fraction of correct predictions. With several outputs: arg-max of the prediction equals the target class.
/// With one output (binary): <c>prediction ≥ Threshold</c> equals <c>target ≥ 0.5</c>
/// (use threshold 0 for logits, 0.5 for probabilities). A NaN prediction always counts as wrong. For several binary
/// outputs (multi-label) use <see cref="BinaryAccuracy"/>, which scores each output; this one scores the row's arg-max.
/// </summary>
/// <remarks>Thread safety: accumulates one evaluation at a time: concurrent <c>Evaluate</c> calls each need their own
/// instance (a shared one makes the second call throw; see <see cref="Metric"/>).</remarks>
public sealed class Accuracy : Metric
{
    private HitCounter _hits;

    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">Decision threshold for single-output (binary) models.</param>
    public Accuracy(double threshold = 0.5) => Threshold = threshold;

    /// <summary>Decision threshold for single-output models.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    public override string Name => "accuracy";

    /// <inheritdoc/>
    public override void Reset() => _hits = default;

    /// <inheritdoc/>
    public override void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        for (int r = 0; r < predictions.Rows; r++)
        {
            bool ok = predictions.Columns == 1
                ? !T.IsNaN(predictions[r, 0]) && (double.CreateTruncating(predictions[r, 0]) >= Threshold) == (double.CreateTruncating(targets[r, 0]) >= 0.5)
                : ArgMax<T>(predictions.Row(r)) == TargetClass(targets, r);
            if (ok)
            {
                _hits.Hits++;
            }
        }

        _hits.Seen += predictions.Rows;
    }

    /// <inheritdoc/>
    public override int StateLength => HitCounter.StateLength;

    /// <inheritdoc/>
    public override void WriteState(Span<double> state) => _hits.Write(state);

    /// <inheritdoc/>
    public override void ReadState(ReadOnlySpan<double> state) => _hits.Read(state);

    /// <inheritdoc/>
    public override double Result() => _hits.Result;
}
