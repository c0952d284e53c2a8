using System.Numerics;

namespace Backprop.Metrics;

/// <summary>Mean absolute error over all elements: <c>(1/(N·C)) Σ |p − t|</c>. Logged as "mae".</summary>
/// <remarks>Thread safety: accumulates one evaluation at a time: concurrent <c>Evaluate</c> calls each need their own
/// instance (a shared one makes the second call throw; see <see cref="Metric"/>).</remarks>
public sealed class MeanAbsoluteErrorMetric : Metric
{
    private double _sum;
    private long _count;

    /// <inheritdoc/>
    public override string Name => "mae";

    /// <inheritdoc/>
    public override bool HigherIsBetter => false;

    /// <inheritdoc/>
    public override void Reset() => (_sum, _count) = (0, 0);

    /// <inheritdoc/>
    public override void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Columns != predictions.Columns)
        {
            throw new ArgumentException(
                $"mae: predictions have {predictions.Columns} columns but targets have {targets.Columns}.", nameof(targets));
        }

        ReadOnlySpan<T> p = predictions.Span;
        ReadOnlySpan<T> t = targets.Span;
        for (int i = 0; i < p.Length; i++)
        {
            _sum += Math.Abs(double.CreateTruncating(p[i] - t[i]));
        }

        _count += p.Length;
    }

    /// <inheritdoc/>
    public override int StateLength => 2;

    /// <inheritdoc/>
    public override void WriteState(Span<double> state)
    {
        Guard.InRange(state.Length, 2, 2, nameof(state));
        state[0] = _sum;
        state[1] = _count;
    }

    /// <inheritdoc/>
    public override void ReadState(ReadOnlySpan<double> state)
    {
        Guard.InRange(state.Length, 2, 2, nameof(state));
        _sum = state[0];
        _count = (long)state[1];
    }

    /// <inheritdoc/>
    public override double Result() => _count == 0 ? double.NaN : _sum / _count;
}
