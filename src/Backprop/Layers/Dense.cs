using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Kernels;
using Backprop.Regularization;

namespace Backprop.Layers;

/// <summary>
/// Fully connected layer: <c>Z = X·W + b</c>, <c>Y = f(Z)</c>, with W of shape <c>[inputs, units]</c>.
/// Backward (chain rule): <c>∂L/∂Z = f′(Z) ⊙ ∂L/∂Y</c>; <c>∂L/∂W += Xᵀ·∂L/∂Z</c>;
/// <c>∂L/∂b += Σ_rows ∂L/∂Z</c>; <c>∂L/∂X = ∂L/∂Z·Wᵀ</c>.
/// </summary>
/// <remarks>Thread safety: as for every layer (see <see cref="Layer{T}"/>): <c>Infer</c>, which the model's Predict and
/// Evaluate run, writes nothing and is safe on many threads at once; <c>Build</c>, <c>Forward</c>, <c>Backward</c> and
/// the setters keep per-pass state, for one training loop at a time.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Dense<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Parameter<T>? _kernel;
    private Parameter<T>? _bias;
    private Parameter<T>[] _parameters = [];
    private Tensor2D<T>? _input;
    private Tensor2D<T>? _z;
    private Tensor2D<T>? _y;
    private Tensor2D<T>? _dz;
    private Tensor2D<T>? _dx;

    /// <summary>Creates a dense layer; the input size is inferred at first use.</summary>
    /// <param name="units">Number of output features (&gt; 0).</param>
    /// <param name="activation">Activation applied to the output (default identity: logits).</param>
    /// <param name="useBias">Whether to add a bias vector.</param>
    /// <param name="kernelInitializer">Kernel initializer (default Glorot uniform).</param>
    /// <param name="biasInitializer">Bias initializer (default zeros).</param>
    /// <param name="kernelRegularizer">Coupled penalty on W (e.g. <c>new L2(1e-4)</c>), training only.</param>
    /// <param name="biasRegularizer">Coupled penalty on b, training only.</param>
    /// <param name="activityRegularizer">Penalty on the layer's output Y (averaged over the batch), training only.</param>
    /// <param name="kernelConstraint">Projection of W after each update (e.g. <c>new MaxNorm(3)</c>).</param>
    /// <param name="biasConstraint">Projection of b after each update.</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="units"/> is below 1.</exception>
    public Dense(
        int units,
        Activation? activation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null,
        Regularizer? activityRegularizer = null,
        Constraint? kernelConstraint = null,
        Constraint? biasConstraint = null)
    {
        Units = Guard.AtLeast(units, 1, nameof(units), "Dense");
        Activation = activation ?? Activation.Identity;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? Initializer.GlorotUniform;
        BiasInitializer = biasInitializer ?? Initializer.Zeros;
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        ActivityRegularizer = activityRegularizer;
        KernelConstraint = kernelConstraint;
        BiasConstraint = biasConstraint;
        if (!useBias && (biasRegularizer is not null || biasConstraint is not null))
        {
            throw new ArgumentException("A bias regularizer or constraint was given for a Dense layer without bias (useBias: false).", nameof(useBias));
        }
    }

    /// <summary>Number of output features.</summary>
    public int Units { get; }

    /// <summary>The activation applied to <c>X·W + b</c>.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer has a bias.</summary>
    public bool UseBias { get; }

    /// <summary>Initializer of the kernel.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>Initializer of the bias.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>Coupled penalty on the kernel (copied to <see cref="Parameter{T}.Regularizer"/> when built).</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>Coupled penalty on the bias (copied to <see cref="Parameter{T}.Regularizer"/> when built).</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>Constraint on the kernel (copied to <see cref="Parameter{T}.Constraint"/> when built).</summary>
    public Constraint? KernelConstraint { get; }

    /// <summary>Constraint on the bias (copied to <see cref="Parameter{T}.Constraint"/> when built).</summary>
    public Constraint? BiasConstraint { get; }

    /// <summary>The weight matrix W, shape <c>[inputs, units]</c> (valid once built).</summary>
    public Parameter<T> Kernel => _kernel ?? throw new InvalidOperationException($"Layer '{Name}' is not built yet.");

    /// <summary>The bias b, shape <c>[1, units]</c>, or null when <see cref="UseBias"/> is false.</summary>
    public Parameter<T>? Bias => _bias;

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <inheritdoc/>
    protected override int OnBuild(int inputFeatures, int seed)
    {
        _kernel = new Parameter<T>("kernel", ParameterRole.Kernel, inputFeatures, Units);
        KernelInitializer.Fill(_kernel.Value.Span, inputFeatures, Units, Seeds.Kernel(seed));
        _kernel.Regularizer = KernelRegularizer;
        _kernel.Constraint = KernelConstraint;
        if (UseBias)
        {
            _bias = new Parameter<T>("bias", ParameterRole.Bias, 1, Units);
            BiasInitializer.Fill(_bias.Value.Span, inputFeatures, Units, Seeds.Bias(seed));
            _bias.Regularizer = BiasRegularizer;
            _bias.Constraint = BiasConstraint;
            _parameters = [_kernel, _bias];
        }
        else
        {
            _parameters = [_kernel];
        }

        return Units;
    }

    /// <inheritdoc/>
    protected override Tensor2D<T> ForwardCore(Tensor2D<T> input, bool training)
    {
        int batch = input.Rows;
        _input = input;
        if (IsFused)
        {
            // Fused: Y = f(X·W + b) in the GEMM epilogue, no extra pass. For ReLU, Y > 0 exactly where Z > 0,
            // so Y stands in for Z in the backward pass and Z is never stored.
            var output = ReferenceEquals(Activation, Activation.Identity) ? Reuse(ref _z, batch, Units) : Reuse(ref _y, batch, Units);
            Product(input, output);
            return output;
        }

        var z = Reuse(ref _z, batch, Units);
        Product(input, z);
        var y = Reuse(ref _y, batch, Units);
        Activation.Forward<T>(z.Span, y.Span, Units);
        return y;
    }

    /// <inheritdoc/>
    protected internal override void Infer(Tensor2D<T> input, Tensor2D<T> output, InferenceScratch<T> scratch)
    {
        // The same product and activation calls as ForwardCore (so the same bits), into the caller's buffers.
        if (IsFused)
        {
            Product(input, output);
            return;
        }

        var z = scratch.Get(input.Rows, Units);
        Product(input, z);
        Activation.Forward<T>(z.Span, output.Span, Units);
    }

    /// <summary>True when the activation runs inside the GEMM epilogue (identity or ReLU).</summary>
    private bool IsFused => ReferenceEquals(Activation, Activation.Identity) || ReferenceEquals(Activation, Activation.ReLU);

    /// <summary><c>X·W + b</c> into <paramref name="destination"/>, with ReLU fused into the epilogue when it is the activation.</summary>
    private void Product(Tensor2D<T> input, Tensor2D<T> destination)
    {
        ReadOnlySpan<T> bias = _bias is null ? default : _bias.Value.Span;
        Gemm.MultiplyNN<T>(
            input.Span, Kernel.Value.Span, destination.Span, input.Rows, Units, InputFeatures,
            new GemmEpilogue<T> { Bias = bias, ReLU = ReferenceEquals(Activation, Activation.ReLU) });
    }

    /// <inheritdoc/>
    protected override Tensor2D<T> BackwardCore(Tensor2D<T> outputGradient)
    {
        var input = _input!;
        int batch = input.Rows;
        Tensor2D<T> dz;
        if (ReferenceEquals(Activation, Activation.Identity))
        {
            dz = outputGradient;
        }
        else if (ReferenceEquals(Activation, Activation.ReLU))
        {
            // f′(Z) ⊙ ∂L/∂Y with f′ = [Y > 0] (forward was fused and kept only Y).
            dz = Reuse(ref _dz, batch, Units);
            Elementwise.ReluBackward<T>(_y!.Span, outputGradient.Span, dz.Span);
        }
        else
        {
            dz = Reuse(ref _dz, batch, Units);
            Activation.Backward<T>(_z!.Span, _y!.Span, outputGradient.Span, dz.Span, Units);
        }

        // ∂L/∂W += Xᵀ·∂L/∂Z  (X is [batch, in]: read as the transpose of a [in, batch] operand). When the gradient was
        // zeroed (lazily) since the last backward, the product overwrites it: no clearing pass, no reading of zeros.
        var kernelGradient = Kernel.GradientForAccumulation(out bool gradientIsZero);
        Gemm.MultiplyTN<T>(
            input.Span, dz.Span, kernelGradient.Span, InputFeatures, Units, batch,
            gradientIsZero ? GemmEpilogue<T>.Overwrite : GemmEpilogue<T>.AddToC);
        if (_bias is not null)
        {
            Elementwise.AddColumnSums<T>(dz.Span, batch, _bias.Gradient.Span);
        }

        // ∂L/∂X = ∂L/∂Z·Wᵀ  (W is [in, units]: read as the transpose). Skipped when the caller discards it
        // (BackwardParametersOnly, e.g. the first layer of a model during Fit): a quarter of an MLP's work for nothing.
        if (!InputGradientRequired)
        {
            return outputGradient;
        }

        var dx = Reuse(ref _dx, batch, InputFeatures);
        Gemm.MultiplyNT<T>(dz.Span, Kernel.Value.Span, dx.Span, batch, InputFeatures, Units, GemmEpilogue<T>.Overwrite);
        return dx;
    }
}
