using System.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Backprop.Initializers;

/// <summary>
/// Variance scaling: draws with variance <c>scale / n</c>, where n is fanIn, fanOut or their mean.
/// Glorot, He and LeCun initializers are instances of it.
/// </summary>
/// <remarks>Thread safety: immutable once constructed; one instance may be shared by any number of threads.</remarks>
public sealed class VarianceScaling : Initializer
{
    private readonly string _name;

    /// <summary>Creates a variance-scaling initializer.</summary>
    /// <param name="scale">The variance numerator s (&gt; 0).</param>
    /// <param name="mode">Which fan to divide by.</param>
    /// <param name="distribution">Uniform or normal.</param>
    /// <param name="name">Optional name.</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="scale"/> is not finite and &gt; 0.</exception>
    public VarianceScaling(double scale, FanMode mode, Distribution distribution, string? name = null)
    {
        Scale = Guard.Positive(scale, nameof(scale), "VarianceScaling");
        Mode = mode;
        Distribution = distribution;
        _name = name ?? "variance_scaling";
    }

    /// <summary>The variance numerator s.</summary>
    public double Scale { get; }

    /// <summary>Which fan is used.</summary>
    public FanMode Mode { get; }

    /// <summary>Uniform or normal.</summary>
    public Distribution Distribution { get; }

    /// <inheritdoc/>
    public override string Name => _name;

    /// <inheritdoc/>
    public override void Fill<T>(Span<T> values, int fanIn, int fanOut, int seed)
    {
        double n = Mode switch
        {
            FanMode.In => fanIn,
            FanMode.Out => fanOut,
            _ => (fanIn + fanOut) / 2.0,
        };
        n = Math.Max(1.0, n);
        var rng = new Xoshiro256StarStar(seed, threadSafe: false);
        if (Distribution == Distribution.Uniform)
        {
            double limit = Math.Sqrt(3.0 * Scale / n);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = T.CreateTruncating(((2.0 * rng.NextDouble()) - 1.0) * limit);
            }
        }
        else
        {
            double std = Math.Sqrt(Scale / n);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = T.CreateTruncating(Normal.Sample(rng, 0.0, std));
            }
        }
    }
}
