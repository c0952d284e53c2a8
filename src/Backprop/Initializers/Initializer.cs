using System.Numerics;

namespace Backprop.Initializers;

/// <summary>
/// Fills a new parameter with its initial values, deterministically from a seed.
/// Use the static members (<see cref="GlorotUniform"/>, <see cref="HeNormal"/>, …) or derive your own.
/// </summary>
/// <remarks>Thread safety: the built-in initializers are immutable (<c>Fill</c> computes from its arguments and seed),
/// so one instance may be shared by layers and threads; one of your own should be too.</remarks>
public abstract class Initializer
{
    /// <summary>Glorot/Xavier uniform: U(−l, l), l = √(6/(fanIn + fanOut)). The Dense default, as in Keras.</summary>
    public static Initializer GlorotUniform { get; } = new VarianceScaling(1.0, FanMode.Average, Distribution.Uniform, "glorot_uniform");

    /// <summary>Glorot/Xavier normal: N(0, σ²), σ = √(2/(fanIn + fanOut)) (untruncated, as in PyTorch).</summary>
    public static Initializer GlorotNormal { get; } = new VarianceScaling(1.0, FanMode.Average, Distribution.Normal, "glorot_normal");

    /// <summary>He/Kaiming uniform: U(−l, l), l = √(6/fanIn). Suits ReLU.</summary>
    public static Initializer HeUniform { get; } = new VarianceScaling(2.0, FanMode.In, Distribution.Uniform, "he_uniform");

    /// <summary>He/Kaiming normal: N(0, σ²), σ = √(2/fanIn).</summary>
    public static Initializer HeNormal { get; } = new VarianceScaling(2.0, FanMode.In, Distribution.Normal, "he_normal");

    /// <summary>LeCun uniform: U(−l, l), l = √(3/fanIn).</summary>
    public static Initializer LeCunUniform { get; } = new VarianceScaling(1.0, FanMode.In, Distribution.Uniform, "lecun_uniform");

    /// <summary>LeCun normal: N(0, σ²), σ = √(1/fanIn). Suits SELU.</summary>
    public static Initializer LeCunNormal { get; } = new VarianceScaling(1.0, FanMode.In, Distribution.Normal, "lecun_normal");

    /// <summary>All zeros (the bias default).</summary>
    public static Initializer Zeros { get; } = new ConstantInitializer(0.0);

    /// <summary>All ones.</summary>
    public static Initializer Ones { get; } = new ConstantInitializer(1.0);

    /// <summary>The initializer's name, e.g. "glorot_uniform".</summary>
    public abstract string Name { get; }

    /// <summary>Every element set to <paramref name="value"/>.</summary>
    /// <param name="value">The constant.</param>
    /// <returns>The initializer.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="value"/> is NaN or ∞.</exception>
    public static Initializer Constant(double value) => new ConstantInitializer(value);

    /// <summary>Fills <paramref name="values"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="values">The parameter's elements.</param>
    /// <param name="fanIn">Inputs feeding each unit.</param>
    /// <param name="fanOut">Units fed by each input.</param>
    /// <param name="seed">Seed; the same seed gives the same values.</param>
    public abstract void Fill<T>(Span<T> values, int fanIn, int fanOut, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
