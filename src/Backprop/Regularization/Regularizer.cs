using System.Numerics;

namespace Backprop.Regularization;

/// <summary>
/// A coupled penalty R(w) on a parameter (or on a layer's output, "activity") that is added to the training loss,
/// together with its gradient ∂R/∂w, which is added to the parameter's gradient during training.
/// Built in: <see cref="L1"/>, <see cref="L2"/>, <see cref="L1L2"/>; derive from this class for your own.
/// </summary>
/// <remarks>
/// Attach a regularizer with <c>Parameter.Regularizer</c> (Dense does it for <c>kernelRegularizer</c> and
/// <c>biasRegularizer</c>) or <c>Layer.ActivityRegularizer</c>. The penalty is reported separately from the data
/// loss (the "loss ledger": <c>data_loss</c>, <c>penalty</c>, <c>loss</c> = their sum) and is never part of
/// <c>Evaluate</c> or <c>Predict</c>. A coupled penalty goes through the optimizer's update rule (for Adam it is
/// rescaled by the adaptive moments); decoupled weight decay (<c>Optimizers.DecoupledWeightDecay</c>) does not.
/// <para>Thread safety: immutable and stateless (penalty and gradient are computed from the arguments); share one
/// instance freely. One of your own must be stateless too.</para>
/// </remarks>
public abstract class Regularizer
{
    /// <summary>The regularizer's name, e.g. "l2".</summary>
    public abstract string Name { get; }

    /// <summary>The penalty R(w) of a set of values, in double precision.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="values">The values w.</param>
    /// <returns>R(w).</returns>
    public abstract double Penalty<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Adds <c>scale · ∂R/∂w</c> to <paramref name="gradient"/> (accumulates, like a layer's backward pass).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="values">The values w.</param>
    /// <param name="gradient">The gradient to add to, same length as <paramref name="values"/>.</param>
    /// <param name="scale">A factor applied to the gradient (1 for parameters; 1/batch for activity penalties).</param>
    public abstract void AddGradient<T>(ReadOnlySpan<T> values, Span<T> gradient, double scale = 1.0)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Throws when <paramref name="values"/> and <paramref name="gradient"/> differ in length.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="values">The values.</param>
    /// <param name="gradient">The gradient.</param>
    protected void CheckLengths<T>(ReadOnlySpan<T> values, Span<T> gradient)
    {
        if (values.Length != gradient.Length)
        {
            throw new ArgumentException(
                $"{Name}: the gradient has {gradient.Length} elements but the values have {values.Length}.", nameof(gradient));
        }
    }

    /// <summary>Validates a penalty factor λ (finite, ≥ 0).</summary>
    /// <param name="lambda">The factor.</param>
    /// <param name="name">Its parameter name.</param>
    /// <returns>The factor.</returns>
    protected static double CheckFactor(double lambda, string name)
        => Guard.NonNegative(lambda, name, "Regularizer");

    /// <inheritdoc/>
    public override string ToString() => Name;
}
