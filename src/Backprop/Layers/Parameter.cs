using System.Numerics;
using Backprop.Regularization;

namespace Backprop.Layers;

/// <summary>
/// A trainable tensor and its gradient. Layers <em>accumulate</em> into <see cref="Gradient"/> during
/// backward; optimizers read it and (by default) zero it after each step.
/// </summary>
/// <remarks>Thread safety: no locking; many threads may read <see cref="Value"/> at once (concurrent Predict calls do),
/// but writing it — an optimizer step, <c>RestoreWeights</c>, a setter — while anything reads it gives torn results;
/// that is why the model's <c>Fit</c> and <c>Predict</c> refuse to overlap.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a zero-initialised parameter of the given shape.</summary>
    /// <param name="name">A name unique within its layer, e.g. "kernel" or "bias".</param>
    /// <param name="role">What the parameter is for.</param>
    /// <param name="rows">Rows of the value.</param>
    /// <param name="columns">Columns of the value.</param>
    public Parameter(string name, ParameterRole role, int rows, int columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        AllocationBudget.Take((long)rows * columns, $"parameter '{name}' [{rows}, {columns}]");
        Name = name;
        Role = role;
        Value = new Tensor2D<T>(rows, columns);
        Gradient = new Tensor2D<T>(rows, columns);
    }

    /// <summary>The parameter's name, qualified by its layer once it belongs to a model (e.g. "dense_1/kernel").</summary>
    public string Name { get; internal set; }

    /// <summary>What the parameter is for (kernel, bias, normalization, other).</summary>
    public ParameterRole Role { get; }

    /// <summary>The current value.</summary>
    public Tensor2D<T> Value { get; }

    /// <summary>The accumulated gradient of the loss with respect to <see cref="Value"/>.</summary>
    public Tensor2D<T> Gradient { get; private set; }

    /// <summary>When false, optimizers leave this parameter alone (frozen).</summary>
    public bool Trainable { get; set; } = true;

    /// <summary>
    /// A coupled penalty on this parameter (e.g. <see cref="L2"/>), or null. During training its value is added to the
    /// loss (logged as <c>penalty</c>) and its gradient is added to <see cref="Gradient"/> by the owning layer's
    /// backward pass; it never affects evaluation or prediction.
    /// </summary>
    public Regularizer? Regularizer { get; set; }

    /// <summary>A projection applied to <see cref="Value"/> after every optimizer update (e.g. <see cref="MaxNorm"/>), or null.</summary>
    public Constraint? Constraint { get; set; }

    /// <summary>Number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>
    /// Moves the gradient into <paramref name="arena"/> at <paramref name="offset"/> (its current values copied): from then
    /// on <see cref="Gradient"/> is a view of that part of the shared array, so data-parallel training sums all gradients
    /// with one call over the arena, without packing and unpacking them.
    /// </summary>
    internal void MoveGradientInto(T[] arena, int offset)
    {
        var view = new Tensor2D<T>(Gradient.Rows, Gradient.Columns, arena, offset);
        Gradient.Span.CopyTo(view.Span);
        Gradient = view;
    }

    /// <summary>Sets the gradient to zero.</summary>
    public void ZeroGradient() => Gradient.Clear();

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{Value.Rows}, {Value.Columns}] ({Role})";
}
