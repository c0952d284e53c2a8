using System.Numerics;

namespace Backprop.Losses;

/// <summary>
/// A loss function with its gradient. <see cref="Forward"/> returns the batch loss under the <b>mean</b>
/// reduction <c>L = (1/N) Σᵢ wᵢ·ℓᵢ</c> (N = rows in the batch, wᵢ = sample weight, 1 when none is given;
/// the sum is divided by N, not by Σw, as Keras's "sum over batch size") and stores ∂L/∂predictions,
/// which <see cref="Backward"/> returns.
/// </summary>
/// <remarks>Thread safety: keeps the last batch's gradient (and scratch buffers), so one caller at a time: a training
/// loop needs its own instance, while concurrent <c>Evaluate</c> calls may share one (Evaluate takes turns through
/// it).</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Loss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The Fit using this loss, if any (two concurrent Fits may not share one).</summary>
    internal ExclusiveUse Use { get; } = new();

    private Tensor2D<T>? _gradient;
    private bool _hasGradient;

    /// <summary>Initialises the loss.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    protected Loss() => Numeric<T>.EnsureSupported();

    /// <summary>The loss's name, e.g. "categorical_crossentropy".</summary>
    public abstract string Name { get; }

    /// <summary>Computes the mean loss of a batch and remembers its gradient for <see cref="Backward"/>.</summary>
    /// <param name="predictions">Model outputs <c>[batch, outputs]</c>.</param>
    /// <param name="targets">Targets: same shape, or <c>[batch, 1]</c> class indices where the loss accepts them.</param>
    /// <param name="sampleWeights">Optional per-sample weights (length = batch, finite, ≥ 0); empty for none.</param>
    /// <returns>The mean loss.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predictions"/> or <paramref name="targets"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// Row counts differ, the target width does not fit the predictions, or the number of sample weights is not the batch size.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A sample weight is negative, NaN or ∞, or a class label is out of range.</exception>
    public T Forward(Tensor2D<T> predictions, Tensor2D<T> targets, ReadOnlySpan<T> sampleWeights = default)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Rows != predictions.Rows)
        {
            throw new ArgumentException(
                $"{Name}: predictions have {predictions.Rows} rows but targets have {targets.Rows}.", nameof(targets));
        }

        if (!sampleWeights.IsEmpty && sampleWeights.Length != predictions.Rows)
        {
            throw new ArgumentException(
                $"{Name}: {sampleWeights.Length} sample weights were given for a batch of {predictions.Rows} rows.",
                nameof(sampleWeights));
        }

        Guard.SampleWeights(sampleWeights, nameof(sampleWeights), Name);
        ValidateTargets(predictions, targets);
        var gradient = Tensor2D<T>.Ensure(ref _gradient, predictions.Rows, predictions.Columns);
        _hasGradient = true;
        if (predictions.Rows == 0)
        {
            return T.Zero;
        }

        return Compute(predictions, targets, sampleWeights, gradient);
    }

    /// <summary>∂L/∂predictions from the last <see cref="Forward"/> call (owned by the loss; reused).</summary>
    /// <returns>The gradient, same shape as the predictions.</returns>
    /// <exception cref="InvalidOperationException">Called before <see cref="Forward"/>.</exception>
    public Tensor2D<T> Backward()
    {
        if (!_hasGradient)
        {
            throw new InvalidOperationException($"{Name}: Backward was called before Forward.");
        }

        return _gradient!;
    }

    /// <summary>Checks that targets fit the predictions; the default requires identical shapes.</summary>
    /// <param name="predictions">Predictions.</param>
    /// <param name="targets">Targets.</param>
    protected virtual void ValidateTargets(Tensor2D<T> predictions, Tensor2D<T> targets)
    {
        if (targets.Columns != predictions.Columns)
        {
            throw new ArgumentException(
                $"{Name}: predictions have shape [{predictions.Rows}, {predictions.Columns}] but targets have shape " +
                $"[{targets.Rows}, {targets.Columns}].",
                nameof(targets));
        }
    }

    /// <summary>Computes the mean loss and writes ∂L/∂predictions into <paramref name="gradient"/>.</summary>
    /// <param name="predictions">Predictions (validated).</param>
    /// <param name="targets">Targets (validated).</param>
    /// <param name="sampleWeights">Per-sample weights or empty.</param>
    /// <param name="gradient">Receives ∂L/∂predictions.</param>
    /// <returns>The mean loss.</returns>
    protected abstract T Compute(Tensor2D<T> predictions, Tensor2D<T> targets, ReadOnlySpan<T> sampleWeights, Tensor2D<T> gradient);

    /// <summary>The weight of row <paramref name="row"/>: 1 when no weights are given.</summary>
    /// <param name="sampleWeights">Weights or empty.</param>
    /// <param name="row">Row index.</param>
    /// <returns>The weight.</returns>
    protected static T WeightOf(ReadOnlySpan<T> sampleWeights, int row) => sampleWeights.IsEmpty ? T.One : sampleWeights[row];

    /// <inheritdoc/>
    public override string ToString() => Name;
}
