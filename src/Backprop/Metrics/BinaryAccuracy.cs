namespace Backprop.Metrics;

/// <summary>
/// Fraction of correct binary decisions, element by element (Keras's <c>binary_accuracy</c>): each output counts as
/// right when <c>prediction ≥ Threshold</c> equals <c>target ≥ 0.5</c>, over every column of every row — so a multi-label
/// model (several sigmoid outputs, <see cref="Losses.BinaryCrossEntropy{T}"/> on several columns) is scored per label.
/// With one output it equals <see cref="Accuracy"/>. A NaN prediction always counts as wrong. It is the default metric
/// of <see cref="Losses.BinaryCrossEntropy{T}"/>, logged as "accuracy" as Keras logs <c>metrics=["accuracy"]</c>.
/// </summary>
/// <remarks>Thread safety: accumulates one evaluation at a time: concurrent <c>Evaluate</c> calls each need their own
/// instance (a shared one makes the second call throw; see <see cref="Metric"/>).</remarks>
public sealed class BinaryAccuracy : Metric
{
    private HitCounter _hits;

    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">Decision threshold: 0.5 for probabilities, 0 for logits.</param>
    /// <param name="name">The log name (default "binary_accuracy", as Keras's class; the BCE default metric is named "accuracy").</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public BinaryAccuracy(double threshold = 0.5, string name = "binary_accuracy")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Threshold = threshold;
        Name = name;
    }

    /// <summary>Decision threshold.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override void Reset() => _hits = default;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The targets' shape differs from the predictions'.</exception>
    public override void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Rows != predictions.Rows || targets.Columns != predictions.Columns)
        {
            throw new ArgumentException(
                $"{Name}: predictions have shape [{predictions.Rows}, {predictions.Columns}] but targets [{targets.Rows}, {targets.Columns}]; binary accuracy compares them element by element.",
                nameof(targets));
        }

        ReadOnlySpan<T> p = predictions.Span;
        ReadOnlySpan<T> t = targets.Span;
        T threshold = T.CreateTruncating(Threshold);
        T half = T.CreateTruncating(0.5);
        long hits = 0;
        for (int i = 0; i < p.Length; i++)
        {
            // A NaN prediction fails both comparisons, and so never equals a target's side: always wrong.
            bool predicted = p[i] >= threshold;
            hits += !T.IsNaN(p[i]) && predicted == (t[i] >= half) ? 1 : 0;
        }

        _hits.Hits += hits;
        _hits.Seen += p.Length;
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
