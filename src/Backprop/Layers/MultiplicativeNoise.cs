using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Augmentation;

namespace Backprop.Layers;

/// <summary>
/// Noise layers of the form <c>y = m ⊙ x + c</c>, with per-element factors m (and, for some layers, offsets c)
/// drawn each pass; the chain rule gives <c>∂L/∂x = ∂L/∂y ⊙ m</c>.
/// </summary>
/// <remarks>Thread safety: as for every layer (see <see cref="Layer{T}"/>): <c>Infer</c>, which the model's Predict and
/// Evaluate run, writes nothing and is safe on many threads at once; <c>Build</c>, <c>Forward</c>, <c>Backward</c> and
/// the setters keep per-pass state, for one training loop at a time.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class MultiplicativeNoise<T> : StochasticLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Tensor2D<T>? _factors;
    private Tensor2D<T>? _offsets;
    private Tensor2D<T>? _dx;

    /// <summary>Initialises the layer.</summary>
    /// <param name="seed">A fixed seed, or null for the model-derived one.</param>
    protected MultiplicativeNoise(int? seed)
        : base(seed)
    {
    }

    /// <summary>The factors m of the last noisy forward pass (owned by the layer), or null before one.</summary>
    public Tensor2D<T>? LastFactors => _factors;

    /// <summary>True when the layer also adds offsets c.</summary>
    protected virtual bool HasOffsets => false;

    /// <inheritdoc/>
    protected sealed override void ApplyNoise(Tensor2D<T> input, Tensor2D<T> output, long step)
    {
        var m = Reuse(ref _factors, input.Rows, input.Columns);
        var c = HasOffsets ? Reuse(ref _offsets, input.Rows, input.Columns) : null;
        for (int r = 0; r < input.Rows; r++)
        {
            var random = RowRandom(step, r);
            DrawRow(m.Row(r), c is null ? default : c.Row(r), ref random);
        }

        TensorPrimitives.Multiply(input.Span, m.Span, output.Span);
        if (c is not null)
        {
            TensorPrimitives.Add(output.Span, c.Span, output.Span);
        }
    }

    /// <summary>Draws one row's factors (and offsets when <see cref="HasOffsets"/>).</summary>
    /// <param name="factors">Receives m.</param>
    /// <param name="offsets">Receives c (empty unless <see cref="HasOffsets"/>).</param>
    /// <param name="random">The row's stream.</param>
    protected abstract void DrawRow(Span<T> factors, Span<T> offsets, ref CounterRandom random);

    /// <inheritdoc/>
    protected sealed override Tensor2D<T> BackwardNoise(Tensor2D<T> outputGradient)
    {
        var dx = Reuse(ref _dx, outputGradient.Rows, outputGradient.Columns);
        TensorPrimitives.Multiply(outputGradient.Span, _factors!.Span, dx.Span);
        return dx;
    }
}
