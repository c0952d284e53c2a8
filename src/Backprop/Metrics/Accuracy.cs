using System.Numerics;

namespace Backprop.Metrics;

/// <summary>
/// Fraction of correct predictions. With several outputs: arg-max of the prediction equals the target class.
/// With one output (binary): <c>prediction ≥ Threshold</c> equals <c>target ≥ 0.5</c>
/// (use threshold 0 for logits, 0.5 for probabilities). A NaN prediction always counts as wrong.
/// </summary>
/// <remarks>Thread safety: accumulates one evaluation at a time: concurrent <c>Evaluate</c> calls each need their own
/// instance (a shared one makes the second call throw; see <see cref="Metric"/>).</remarks>
public sealed class Accuracy : Metric
{
    private long _correct;
    private long _seen;

    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">Decision threshold for single-output (binary) models.</param>
    public Accuracy(double threshold = 0.5) => Threshold = threshold;

    /// <summary>Decision threshold for single-output models.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    public override string Name => "accuracy";

    /// <inheritdoc/>
    public override void Reset() => (_correct, _seen) = (0, 0);

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
                _correct++;
            }
        }

        _seen += predictions.Rows;
    }

    /// <inheritdoc/>
    public override int StateLength => 2;

    /// <inheritdoc/>
    public override void WriteState(Span<double> state)
    {
        Guard.InRange(state.Length, 2, 2, nameof(state));
        state[0] = _correct;
        state[1] = _seen;
    }

    /// <inheritdoc/>
    public override void ReadState(ReadOnlySpan<double> state)
    {
        Guard.InRange(state.Length, 2, 2, nameof(state));
        _correct = (long)state[0];
        _seen = (long)state[1];
    }

    /// <inheritdoc/>
    public override double Result() => _seen == 0 ? double.NaN : (double)_correct / _seen;
}
