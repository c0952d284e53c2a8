using System.Numerics;
using Backprop.Regularization;

namespace Backprop.Layers;

/// <summary>
/// A differentiable layer. <see cref="Forward"/> maps a batch <c>[batch, inputFeatures]</c> to
/// <c>[batch, OutputFeatures]</c>; <see cref="Backward"/> receives ∂L/∂output and returns ∂L/∂input,
/// <em>adding</em> ∂L/∂θ into each parameter's <see cref="Parameter{T}.Gradient"/> on the way (chain rule).
/// The input size is inferred at first use (<see cref="Build"/>).
/// </summary>
/// <remarks>
/// <para>Subclasses implement <see cref="OnBuild"/>, <see cref="ForwardCore"/> and <see cref="BackwardCore"/>;
/// this base class validates shapes and call order so that a mistake fails with a message, not deep in a kernel.
/// Returned tensors are owned by the layer and overwritten by its next call: copy them to keep them.</para>
/// <para>Thread safety: <see cref="Build"/>, <see cref="Forward"/>, <see cref="Backward"/> and the setters are
/// single-threaded — one training loop at a time, and nothing else running on the layer meanwhile — because the layer
/// keeps each pass's buffers for the next call. <see cref="Infer"/> (what the model's <c>Predict</c> and
/// <c>Evaluate</c> run) may run on many threads at once: every built-in layer overrides it to read only its
/// parameters; a custom layer that does not override it falls back to <see cref="Forward"/> under a lock, which is
/// correct but runs that layer's part of concurrent calls one at a time.</para>
/// </remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private int _lastBatch = -1;
    private Tensor2D<T>? _lastOutput;
    private Tensor2D<T>? _activityGradient;
    private bool _activityActive;
    private readonly Lock _inferenceGate = new();

    /// <summary>Initialises the layer.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    protected Layer()
    {
        Numeric<T>.EnsureSupported();
        Name = GetType().Name.Split('`')[0].ToLowerInvariant();
    }

    /// <summary>The model the layer belongs to (a layer belongs to one model at most), or null.</summary>
    internal object? Owner { get; set; }

    /// <summary>The layer's name; a model makes it unique (e.g. "dense_1").</summary>
    public string Name { get; set; }

    /// <summary>True once the input size is known and the parameters exist.</summary>
    public bool IsBuilt { get; private set; }

    /// <summary>Number of input features (valid once built).</summary>
    public int InputFeatures { get; private set; }

    /// <summary>Number of output features (valid once built).</summary>
    public int OutputFeatures { get; private set; }

    /// <summary>
    /// A penalty on the layer's output Y (activity regularization), or null. In a training forward pass it adds
    /// <c>R(Y)/batch</c> to <see cref="ActivityPenalty"/> (a per-sample average, like the mean data loss), and
    /// <see cref="Backward"/> adds <c>∂R/∂Y / batch</c> to the incoming gradient before the layer's own chain rule.
    /// Inactive in evaluation.
    /// </summary>
    public Regularizer? ActivityRegularizer { get; set; }

    /// <summary>
    /// The activity penalty of the last <see cref="Forward"/> call (0 unless it ran in training with an
    /// <see cref="ActivityRegularizer"/>); <see cref="Infer"/> (Predict, Evaluate) leaves it alone.
    /// </summary>
    public double ActivityPenalty { get; private set; }

    /// <summary>The trainable parameters (empty for parameter-free layers).</summary>
    public virtual IReadOnlyList<Parameter<T>> Parameters => [];

    /// <summary>
    /// Creates the parameters for <paramref name="inputFeatures"/> inputs, initialised from <paramref name="seed"/>.
    /// Calling it again with the same input size does nothing; with another size it throws.
    /// </summary>
    /// <param name="inputFeatures">Features per input sample.</param>
    /// <param name="seed">Seed for the weight initialisers.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputFeatures"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The layer is already built for another input width.</exception>
    public void Build(int inputFeatures, int seed)
    {
        Guard.AtLeast(inputFeatures, 1, nameof(inputFeatures));
        if (IsBuilt)
        {
            if (inputFeatures != InputFeatures)
            {
                throw new ArgumentException(
                    $"Layer '{Name}' was built for {InputFeatures} input features but is now given {inputFeatures}.",
                    nameof(inputFeatures));
            }

            return;
        }

        OutputFeatures = OnBuild(inputFeatures, seed);
        InputFeatures = inputFeatures;
        IsBuilt = true;
    }

    /// <summary>Computes the layer's output for a batch.</summary>
    /// <param name="input">Input batch <c>[batch, InputFeatures]</c>.</param>
    /// <param name="training">True during training (enables dropout, batch statistics, …).</param>
    /// <returns>The output batch, owned by the layer.</returns>
    /// <exception cref="ArgumentException">The input width differs from <see cref="InputFeatures"/>.</exception>
    public Tensor2D<T> Forward(Tensor2D<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsBuilt)
        {
            Build(input.Columns, seed: 0);
        }

        if (input.Columns != InputFeatures)
        {
            throw new ArgumentException(
                $"Layer '{Name}' expects {InputFeatures} input features but the batch has shape [{input.Rows}, {input.Columns}].",
                nameof(input));
        }

        _lastBatch = input.Rows;
        var output = ForwardCore(input, training);
        _activityActive = training && ActivityRegularizer is not null && output.Rows > 0;
        ActivityPenalty = _activityActive ? ActivityRegularizer!.Penalty<T>(output.Span) / output.Rows : 0;
        _lastOutput = _activityActive ? output : null;
        return output;
    }

    /// <summary>
    /// The layer's regularization penalty: <c>Σ R(θ)</c> over its parameters that have a
    /// <see cref="Parameter{T}.Regularizer"/> (on their current values) plus <see cref="ActivityPenalty"/>.
    /// </summary>
    /// <returns>The penalty, in double precision.</returns>
    public double RegularizationPenalty()
    {
        double total = ActivityPenalty;
        var parameters = Parameters;
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (p.Regularizer is not null)
            {
                total += p.Regularizer.Penalty<T>(p.Value.Span);
            }
        }

        return total;
    }

    /// <summary>
    /// Back-propagates ∂L/∂output through the layer (chain rule). Also adds the gradients of the layer's
    /// regularization penalties (activity and parameters), once per call.
    /// </summary>
    /// <param name="outputGradient">∂L/∂output, same shape as the last <see cref="Forward"/> result.</param>
    /// <returns>∂L/∂input, owned by the layer.</returns>
    /// <exception cref="InvalidOperationException">Called before <see cref="Forward"/>.</exception>
    /// <exception cref="ArgumentException">The gradient's shape differs from the last output's.</exception>
    public Tensor2D<T> Backward(Tensor2D<T> outputGradient) => BackwardPass(outputGradient, computeInputGradient: true);

    /// <summary>
    /// Like <see cref="Backward"/>, but for a caller that discards ∂L/∂input (the first layer of a model):
    /// parameter and penalty gradients are accumulated exactly as <see cref="Backward"/> does, and the layer may skip
    /// computing ∂L/∂input (<see cref="InputGradientRequired"/> is false during <see cref="BackwardCore"/>).
    /// </summary>
    /// <param name="outputGradient">∂L/∂output, same shape as the last <see cref="Forward"/> result.</param>
    /// <exception cref="InvalidOperationException">Called before <see cref="Forward"/>.</exception>
    /// <exception cref="ArgumentException">The gradient's shape differs from the last output's.</exception>
    public void BackwardParametersOnly(Tensor2D<T> outputGradient) => BackwardPass(outputGradient, computeInputGradient: false);

    /// <summary>
    /// During <see cref="BackwardCore"/>: false when the caller discards ∂L/∂input (<see cref="BackwardParametersOnly"/>).
    /// A layer may then skip that computation and return any tensor (it is not read); a layer that ignores this flag
    /// is still correct, only slower.
    /// </summary>
    protected bool InputGradientRequired { get; private set; } = true;

    private Tensor2D<T> BackwardPass(Tensor2D<T> outputGradient, bool computeInputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_lastBatch < 0)
        {
            throw new InvalidOperationException($"Layer '{Name}': Backward was called before Forward.");
        }

        if (outputGradient.Rows != _lastBatch || outputGradient.Columns != OutputFeatures)
        {
            throw new ArgumentException(
                $"Layer '{Name}': the output gradient has shape [{outputGradient.Rows}, {outputGradient.Columns}] " +
                $"but the last output had shape [{_lastBatch}, {OutputFeatures}].",
                nameof(outputGradient));
        }

        var gradient = outputGradient;
        if (_activityActive)
        {
            var g = Reuse(ref _activityGradient, outputGradient.Rows, outputGradient.Columns);
            outputGradient.Span.CopyTo(g.Span);
            ActivityRegularizer!.AddGradient<T>(_lastOutput!.Span, g.Span, 1.0 / outputGradient.Rows);
            gradient = g;
        }

        InputGradientRequired = computeInputGradient; // set on every call, so a throwing BackwardCore cannot leave it stale
        var inputGradient = BackwardCore(gradient);

        // Coupled penalties: ∂R/∂θ is added to the gradient the chain rule just accumulated.
        var parameters = Parameters;
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            p.Regularizer?.AddGradient<T>(p.Value.Span, p.Gradient.Span);
        }

        return inputGradient;
    }

    /// <summary>
    /// The evaluation-mode output of a batch, written into <paramref name="output"/>: bit for bit what
    /// <c>Forward(input, training: false)</c> returns, but computed without touching the buffers and counters that
    /// <see cref="Forward"/> and <see cref="Backward"/> keep, so that many threads may run it at once on one trained
    /// layer (the model's <c>Predict</c> and <c>Evaluate</c> call it).
    /// </summary>
    /// <remarks>
    /// An override writes every element of <paramref name="output"/>, reads only <paramref name="input"/>, its
    /// parameters' values and settings that do not change after construction, takes any temporary buffer from
    /// <paramref name="scratch"/>, and writes no field of the layer. The default runs <see cref="Forward"/> in
    /// evaluation mode under a lock held by this layer and copies the result: correct for any layer, but concurrent
    /// calls then take turns through it. The caller has checked the shapes.
    /// </remarks>
    /// <param name="input">Input batch <c>[batch, InputFeatures]</c>.</param>
    /// <param name="output">Receives the output, <c>[batch, OutputFeatures]</c>; never the same buffer as <paramref name="input"/>.</param>
    /// <param name="scratch">Temporary buffers lent for this call.</param>
    protected internal virtual void Infer(Tensor2D<T> input, Tensor2D<T> output, InferenceScratch<T> scratch)
    {
        lock (_inferenceGate)
        {
            var y = Forward(input, training: false);
            y.Span.CopyTo(output.Span);
        }
    }

    /// <summary>Creates parameters and buffers; returns the number of output features.</summary>
    /// <param name="inputFeatures">Features per input sample.</param>
    /// <param name="seed">Seed for initialisers.</param>
    /// <returns>Features per output sample.</returns>
    protected abstract int OnBuild(int inputFeatures, int seed);

    /// <summary>The forward computation; the input shape has been validated.</summary>
    /// <param name="input">Input batch.</param>
    /// <param name="training">True during training.</param>
    /// <returns>The output batch.</returns>
    protected abstract Tensor2D<T> ForwardCore(Tensor2D<T> input, bool training);

    /// <summary>The backward computation; the gradient shape has been validated.</summary>
    /// <param name="outputGradient">∂L/∂output.</param>
    /// <returns>∂L/∂input.</returns>
    protected abstract Tensor2D<T> BackwardCore(Tensor2D<T> outputGradient);

    /// <summary>Returns a reusable buffer of the given shape, allocating only when it must grow.</summary>
    /// <param name="buffer">The field holding the buffer.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <returns>The buffer.</returns>
    protected static Tensor2D<T> Reuse(ref Tensor2D<T>? buffer, int rows, int columns)
        => Tensor2D<T>.Ensure(ref buffer, rows, columns);

    /// <inheritdoc/>
    public override string ToString() => IsBuilt ? $"{Name} ({InputFeatures} → {OutputFeatures})" : $"{Name} (not built)";
}
