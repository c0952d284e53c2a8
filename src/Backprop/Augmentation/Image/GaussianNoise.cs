using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>Adds independent N(0, σ²) noise to every value of the sample.</summary>
/// <remarks>Thread safety: configured at construction and read-only afterwards: the pipeline applies one instance to
/// many samples on several threads at once, and its randomness comes only from the generator it is handed.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class GaussianNoise<T> : SampleTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="standardDeviation">σ (≥ 0), in the units of the data.</param>
    /// <param name="probability">Chance that a sample gets noise.</param>
    /// <param name="clamp">Optional value range to clip the result to, e.g. (0, 1).</param>
    public GaussianNoise(double standardDeviation, double probability = 1, (double Min, double Max)? clamp = null)
        : base(probability)
    {
        StandardDeviation = Guard.NonNegative(standardDeviation, nameof(standardDeviation));
        Guard.Clamp(clamp, nameof(clamp));
        Clamp = clamp;
    }

    /// <summary>σ of the noise.</summary>
    public double StandardDeviation { get; }

    /// <summary>The value range results are clipped to, or null.</summary>
    public (double Min, double Max)? Clamp { get; }

    /// <inheritdoc/>
    protected override void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random)
    {
        for (int i = 0; i < sample.Length; i++)
        {
            sample[i] += T.CreateTruncating(StandardDeviation * random.NextGaussian());
        }

        Intensity.Clip(sample, Clamp);
    }
}
