using System.Numerics;
using Backprop.Regularization;

namespace Backprop.Layers;

/// <summary>
/// A trainable tensor and its gradient. Layers <em>accumulate</em> into <see cref="Gradient"/> during
/// backward; optimizers read it and (by default) zero it after each step.
/// </summary>
/// <remarks>
/// <para>Zeroing is lazy, like PyTorch's <c>zero_grad(set_to_none=True)</c> but without the <c>None</c>:
/// <see cref="ZeroGradient"/> only marks the gradient as zero, and the storage is cleared the next time
/// <see cref="Gradient"/> is read — or never, when the next backward pass overwrites every element anyway (a dense
/// layer's weight-gradient product then writes its result instead of adding it to zeros, which saves two passes over a
/// weight-sized array per step). Through <see cref="Gradient"/> the values are always the accumulated gradient; only a
/// <see cref="Tensor2D{T}"/> kept from <em>before</em> a <see cref="ZeroGradient"/> call can still show the old values, so
/// read the gradient through the property each time.</para>
/// </remarks>
/// <remarks>Thread safety: no locking (reading <see cref="Gradient"/> may clear a lazily zeroed gradient, so it is a
/// write too); many threads may read <see cref="Value"/> at once (concurrent Predict calls do),
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
        _gradient = new Tensor2D<T>(rows, columns);
    }

    /// <summary>The parameter's name, qualified by its layer once it belongs to a model (e.g. "dense_1/kernel").</summary>
    public string Name { get; internal set; }

    /// <summary>What the parameter is for (kernel, bias, normalization, other).</summary>
    public ParameterRole Role { get; }

    /// <summary>The current value.</summary>
    public Tensor2D<T> Value { get; }

    /// <summary>
    /// The accumulated gradient of the loss with respect to <see cref="Value"/> (zeros after <see cref="ZeroGradient"/>:
    /// a lazily zeroed gradient is cleared here, on first read).
    /// </summary>
    public Tensor2D<T> Gradient
    {
        get
        {
            if (_gradientIsZero)
            {
                _gradient.Clear();
                _gradientIsZero = false;
            }

            return _gradient;
        }
    }

    private Tensor2D<T> _gradient;
    private bool _gradientIsZero;

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
        var gradient = Gradient;
        var view = new Tensor2D<T>(gradient.Rows, gradient.Columns, arena, offset);
        gradient.Span.CopyTo(view.Span);
        _gradient = view;
    }

    /// <summary>
    /// The gradient's storage for a backward pass about to add its contribution, and whether the gradient is (lazily)
    /// zero: when <paramref name="isZero"/> is true the storage may hold stale values and the caller must
    /// <em>overwrite every element</em> with its contribution instead of adding to it.
    /// </summary>
    /// <param name="isZero">True when the gradient is zero and the storage has not been cleared.</param>
    internal Tensor2D<T> GradientForAccumulation(out bool isZero)
    {
        isZero = _gradientIsZero;
        _gradientIsZero = false;
        return _gradient;
    }

    /// <summary>
    /// Sets the gradient to zero — lazily: the storage is cleared when <see cref="Gradient"/> is next read, or simply
    /// overwritten by the next backward pass (see the remarks on <see cref="Parameter{T}"/>).
    /// </summary>
    public void ZeroGradient() => _gradientIsZero = true;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{Value.Rows}, {Value.Columns}] ({Role})";
}
