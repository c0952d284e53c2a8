using System.Globalization;
using System.Numerics;

namespace Backprop.Metrics;

/// <summary>
/// Fraction of samples whose target class is among the k largest predictions: a hit when fewer than k other classes
/// score at least as high as the target (ties count against), a miss when the row holds NaN.
/// </summary>
/// <remarks>Thread safety: accumulates one evaluation at a time: concurrent <c>Evaluate</c> calls each need their own
/// instance (a shared one makes the second call throw; see <see cref="Metric"/>).</remarks>
public sealed class TopKAccuracy : Metric
{
    private HitCounter _hits;

    /// <summary>Creates the metric.</summary>
    /// <param name="k">How many top predictions count (≥ 1, default 5).</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="k"/> is below 1.</exception>
    public TopKAccuracy(int k = 5)
    {
        K = Guard.AtLeast(k, 1, nameof(k), "TopKAccuracy");
    }

    /// <summary>k.</summary>
    public int K { get; }

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"top_{K}_accuracy");

    /// <inheritdoc/>
    public override void Reset() => _hits = default;

    /// <inheritdoc/>
    public override void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        for (int r = 0; r < predictions.Rows; r++)
        {
            ReadOnlySpan<T> p = predictions.Row(r);
            int target = TargetClass(targets, r);
            T score = p[target];
            int better = 0;
            for (int c = 0; c < p.Length; c++)
            {
                if (T.IsNaN(p[c]))
                {
                    better = K; // a row with NaN predictions is a miss
                    break;
                }

                if (c != target && p[c] >= score)
                {
                    better++;
                }
            }

            if (better < K)
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
