using System.Numerics;
using Backprop.Activations;

namespace Backprop.Layers;

/// <summary>
/// Applies an <see cref="Activations.Activation"/> as a layer of its own: <c>Y = f(X)</c>,
/// <c>∂L/∂X = f′(X) ⊙ ∂L/∂Y</c> (row-wise Jacobian for softmax).
/// </summary>
/// <remarks>Thread safety: as for every layer (see <see cref="Layer{T}"/>): <c>Infer</c>, which the model's Predict and
/// Evaluate run, writes nothing and is safe on many threads at once; <c>Build</c>, <c>Forward</c>, <c>Backward</c> and
/// the setters keep per-pass state, for one training loop at a time.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class ActivationLayer<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Tensor2D<T>? _input;
    private Tensor2D<T>? _y;
    private Tensor2D<T>? _dx;

    /// <summary>Creates the layer.</summary>
    /// <param name="activation">The activation function.</param>
    /// <exception cref="System.ArgumentNullException"><paramref name="activation"/> is null.</exception>
    public ActivationLayer(Activation activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Activation = activation;
        Name = activation.Name;
    }

    /// <summary>The activation function.</summary>
    public Activation Activation { get; }

    /// <inheritdoc/>
    protected override int OnBuild(int inputFeatures, int seed) => inputFeatures;

    /// <inheritdoc/>
    protected override Tensor2D<T> ForwardCore(Tensor2D<T> input, bool training)
    {
        _input = input;
        var y = Reuse(ref _y, input.Rows, input.Columns);
        Activation.Forward<T>(input.Span, y.Span, input.Columns);
        return y;
    }

    /// <inheritdoc/>
    protected internal override void Infer(Tensor2D<T> input, Tensor2D<T> output, InferenceScratch<T> scratch)
        => Activation.Forward<T>(input.Span, output.Span, input.Columns);

    /// <inheritdoc/>
    protected override Tensor2D<T> BackwardCore(Tensor2D<T> outputGradient)
    {
        var dx = Reuse(ref _dx, outputGradient.Rows, outputGradient.Columns);
        Activation.Backward<T>(_input!.Span, _y!.Span, outputGradient.Span, dx.Span, outputGradient.Columns);
        return dx;
    }
}
