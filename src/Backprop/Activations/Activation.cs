using System.Numerics;

namespace Backprop.Activations;

/// <summary>
/// An activation function applied to a <c>[batch, features]</c> buffer: element-wise, or row-wise for Softmax.
/// Use the static members (<see cref="ReLU"/>, <see cref="LeakyReLU"/>, …) as a <c>Dense</c> option or with
/// <c>ActivationLayer</c>; derive from this class for your own.
/// </summary>
/// <remarks>Thread safety: the built-in activations are stateless, so one instance serves every layer and thread
/// (concurrent Predict calls run <c>Forward</c> at once); an activation of your own must be too — compute from the
/// arguments only and write no field.</remarks>
public abstract class Activation
{
    /// <summary>f(x) = x.</summary>
    public static Activation Identity { get; } = new IdentityActivation();

    /// <summary>f(x) = max(0, x).</summary>
    public static Activation ReLU { get; } = new ReLUActivation();

    /// <summary>f(x) = 1 / (1 + e^−x).</summary>
    public static Activation Sigmoid { get; } = new SigmoidActivation();

    /// <summary>f(x) = tanh(x).</summary>
    public static Activation Tanh { get; } = new TanhActivation();

    /// <summary>Row-wise softmax, computed stably as e^(x−max) / Σ e^(x−max).</summary>
    public static Activation Softmax { get; } = new SoftmaxActivation();

    /// <summary>Scaled ELU with the self-normalising constants λ ≈ 1.0507, α ≈ 1.67326.</summary>
    public static Activation SELU { get; } = new SeluActivation();

    /// <summary>Exact GELU: x·Φ(x) = x/2·(1 + erf(x/√2)).</summary>
    public static Activation GELU { get; } = new GeluActivation(approximateTanh: false);

    /// <summary>GELU, tanh approximation: x/2·(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    public static Activation GELUTanh { get; } = new GeluActivation(approximateTanh: true);

    /// <summary>SiLU / Swish: x·σ(x).</summary>
    public static Activation SiLU { get; } = new SiluActivation();

    /// <summary>Alias of <see cref="SiLU"/>.</summary>
    public static Activation Swish => SiLU;

    /// <summary>f(x) = ln(1 + e^x), computed stably.</summary>
    public static Activation Softplus { get; } = new SoftplusActivation();

    /// <summary>f(x) = clip(x/6 + 1/2, 0, 1) (the PyTorch definition).</summary>
    public static Activation HardSigmoid { get; } = new HardSigmoidActivation();

    /// <summary>The activation's name, e.g. "relu".</summary>
    public abstract string Name { get; }

    /// <summary>f(x) = x for x &gt; 0, αx otherwise.</summary>
    /// <param name="alpha">Slope for negative inputs (default 0.01, as in PyTorch).</param>
    /// <returns>The activation.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="alpha"/> is negative, NaN or ∞.</exception>
    public static Activation LeakyReLU(double alpha = 0.01) => new LeakyReLUActivation(alpha);

    /// <summary>f(x) = x for x &gt; 0, α(e^x − 1) otherwise.</summary>
    /// <param name="alpha">Scale for negative inputs (default 1).</param>
    /// <returns>The activation.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="alpha"/> is not finite and &gt; 0.</exception>
    public static Activation ELU(double alpha = 1.0) => new EluActivation(alpha);

    /// <summary>Computes y = f(x).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="x">Inputs, row-major <c>[rows, columns]</c>.</param>
    /// <param name="y">Outputs, same length (may not alias <paramref name="x"/>).</param>
    /// <param name="columns">Row length (used by row-wise activations).</param>
    public abstract void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Computes ∂L/∂x from ∂L/∂y by the chain rule.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="x">The inputs of the forward call.</param>
    /// <param name="y">The outputs of the forward call.</param>
    /// <param name="dy">∂L/∂y.</param>
    /// <param name="dx">Receives ∂L/∂x (may alias <paramref name="dy"/>).</param>
    /// <param name="columns">Row length.</param>
    public abstract void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
