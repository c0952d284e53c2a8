using System.Numerics;

namespace Backprop.Metrics;

/// <summary>
/// A quantity accumulated over batches and reported per epoch (e.g. accuracy). <see cref="Reset"/> starts a
/// new accumulation, <see cref="Update"/> adds a batch, <see cref="Result"/> reads the value so far.
/// </summary>
public abstract class Metric
{
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

    /// <inheritdoc/>
    public override string ToString() => Name;

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
