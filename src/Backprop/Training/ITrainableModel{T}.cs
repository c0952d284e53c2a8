using System.Numerics;
using Backprop.Layers;

namespace Backprop.Training;

/// <summary>
/// What <c>Fit</c>, <c>Evaluate</c> and Monte-Carlo prediction need of a model: build it, run it forward, run the
/// chain rule back, and reach its parameters. <c>Sequential&lt;T&gt;</c> implements it; the training loop knows
/// nothing else of the model.
/// </summary>
/// <remarks>Thread safety: <see cref="Infer"/> may run on many threads at once; every other member is for one training
/// loop at a time (see <c>Sequential&lt;T&gt;</c>'s remarks for the whole contract).</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public interface ITrainableModel<T> : ITrainableModel where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The layers, first to last.</summary>
    IReadOnlyList<Layer<T>> Layers { get; }

    /// <summary>All parameters of all layers, in layer order (available once built).</summary>
    IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>True once the model knows its input width and its parameters exist.</summary>
    bool IsBuilt { get; }

    /// <summary>Features per input sample (valid once built).</summary>
    int InputFeatures { get; }

    /// <summary>Features per output sample (valid once built).</summary>
    int OutputFeatures { get; }

    /// <summary>Builds the model for <paramref name="inputFeatures"/> inputs (no-op when already built for that width).</summary>
    /// <param name="inputFeatures">Features per input sample.</param>
    /// <param name="seed">Seed for weight initialisation.</param>
    void Build(int inputFeatures, int seed);

    /// <summary>Runs the layers in order.</summary>
    /// <param name="input">Input batch <c>[batch, features]</c>.</param>
    /// <param name="training">True during training.</param>
    /// <returns>The output batch, owned by the model.</returns>
    Tensor2D<T> Forward(Tensor2D<T> input, bool training);

    /// <summary>Back-propagates ∂L/∂output, accumulating parameter gradients, without computing ∂L/∂input.</summary>
    /// <param name="outputGradient">∂L/∂output.</param>
    void BackwardParametersOnly(Tensor2D<T> outputGradient);

    /// <summary>The coupled regularization penalty of the current weights and the last training forward pass.</summary>
    /// <returns>The penalty.</returns>
    double RegularizationPenalty();

    /// <summary>
    /// Evaluation-mode outputs of a batch written into <paramref name="output"/>: bit for bit what
    /// <see cref="Forward"/> with <c>training: false</c> returns, computed without touching the buffers that
    /// <see cref="Forward"/> and the backward pass keep (each layer's <see cref="Layer{T}.Infer"/>), so many threads may
    /// run it at once while nothing trains the model. It does not check for a concurrent <c>Fit</c>; the model's public
    /// <c>Predict</c> and <c>Evaluate</c> do.
    /// </summary>
    /// <param name="input">Input batch <c>[batch, InputFeatures]</c>.</param>
    /// <param name="output">Receives the outputs, <c>[batch, OutputFeatures]</c>; not <paramref name="input"/>.</param>
    void Infer(Tensor2D<T> input, Tensor2D<T> output);
}
