using System.Numerics;

namespace Backprop.Metrics;

/// <summary>
/// A quantity accumulated over batches and reported per epoch (e.g. accuracy). <see cref="Reset"/> starts a
/// new accumulation, <see cref="Update"/> adds a batch, <see cref="Result"/> reads the value so far.
/// </summary>
/// <remarks>
/// Thread safety: a metric accumulates one evaluation at a time, so it is not thread-safe; concurrent <c>Evaluate</c>
/// and <c>Fit</c> calls each need their own instances (pass none and each call creates its own). Both claim their
/// metrics while they run and throw an <see cref="InvalidOperationException"/> when one is already claimed by a call on
/// another thread, rather than mix two runs' counts.
/// </remarks>
public abstract class Metric
{
    /// <summary>The Fit or Evaluate using this metric, if any (two concurrent calls may not share one).</summary>
    internal ExclusiveUse Use { get; } = new();

    /// <summary>The log name, e.g. "accuracy".</summary>
    public abstract string Name { get; }

    /// <summary>
    /// True when larger values are better (default), false when smaller are (override it for error-like metrics, as
    /// <see cref="MeanAbsoluteErrorMetric"/> does). <c>EarlyStopping</c> and <c>ReduceLROnPlateau</c> in
    /// <c>MonitorMode.Auto</c> read it when <c>Fit</c> starts: the metric of that Fit (<c>TrainingContext.Metrics</c>)
    /// whose <see cref="Name"/> equals the monitored key, with any <c>val_</c> prefix stripped, decides whether the key
    /// is maximised or minimised. Nothing else in the library reads it.
    /// </summary>
    public virtual bool HigherIsBetter => true;

    /// <summary>Forgets everything accumulated.</summary>
    public abstract void Reset();

    /// <summary>Adds one batch.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="predictions">Model outputs <c>[batch, outputs]</c>.</param>
    /// <param name="targets">Targets (<c>[batch, 1]</c> class indices or <c>[batch, outputs]</c>).</param>
    public abstract void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The value over all batches since <see cref="Reset"/>.</summary>
    /// <returns>The value (NaN before any update).</returns>
    public abstract double Result();

    /// <summary>
    /// The number of values in the metric's additive state (default 0: the metric cannot be combined). Data-parallel
    /// <c>Fit</c> (<see cref="Training.FitOptions{T}.Distributed"/>) accumulates a metric on each rank's share of the
    /// batches, adds the ranks' states (<see cref="WriteState"/>) element by element and reads the sum back
    /// (<see cref="ReadState"/>) on every rank, so that <see cref="Result"/> is the metric over all the data. Override the
    /// three members — e.g. (correct, seen) for an accuracy — to use a custom metric in distributed training.
    /// </summary>
    public virtual int StateLength => 0;

    /// <summary>Writes the accumulated state: <see cref="StateLength"/> values whose element-wise sum over accumulations is the state of their union.</summary>
    /// <param name="state">Receives <see cref="StateLength"/> values.</param>
    /// <exception cref="NotSupportedException">The metric has no additive state (<see cref="StateLength"/> is 0).</exception>
    public virtual void WriteState(Span<double> state) => throw NoState();

    /// <summary>Replaces the accumulated state by <paramref name="state"/> (written by <see cref="WriteState"/>, possibly summed).</summary>
    /// <param name="state"><see cref="StateLength"/> values.</param>
    /// <exception cref="NotSupportedException">The metric has no additive state (<see cref="StateLength"/> is 0).</exception>
    public virtual void ReadState(ReadOnlySpan<double> state) => throw NoState();

    /// <inheritdoc/>
    public override string ToString() => Name;

    private NotSupportedException NoState()
        => new($"The metric '{Name}' ({GetType().Name}) has no additive state: override StateLength, WriteState and ReadState to combine it across ranks.");

    /// <summary>The class a target row stands for: the index itself, or the arg-max of a one-hot/soft row.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="targets">Targets.</param>
    /// <param name="row">Row.</param>
    /// <returns>The class index.</returns>
    protected static int TargetClass<T>(Tensor2D<T> targets, int row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(targets);
        return targets.Columns == 1 ? int.CreateTruncating(targets[row, 0]) : ArgMax<T>(targets.Row(row));
    }

    /// <summary>Index of the largest element (first on ties), or −1 when any element is NaN (a diverged model is never right).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="values">Values.</param>
    /// <returns>The index, or −1.</returns>
    protected static int ArgMax<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Numeric<T>.ArgMax(values);
}
