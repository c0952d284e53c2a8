using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>Adds one random offset, uniform in ±<see cref="MaxDelta"/>, to every value of the sample (brightness jitter).</summary>
/// <remarks>Thread safety: configured at construction and read-only afterwards: the pipeline applies one instance to
/// many samples on several threads at once, and its randomness comes only from the generator it is handed.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RandomBrightness<T> : SampleTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="maxDelta">Largest offset (≥ 0), in the units of the data (e.g. 0.1 for pixels in [0, 1]).</param>
    /// <param name="probability">Chance that a sample is changed.</param>
    /// <param name="clamp">Optional value range to clip the result to, e.g. (0, 1).</param>
    public RandomBrightness(double maxDelta, double probability = 1, (double Min, double Max)? clamp = null)
        : base(probability)
    {
        MaxDelta = Guard.NonNegative(maxDelta, nameof(maxDelta));
        Guard.Clamp(clamp, nameof(clamp));
        Clamp = clamp;
    }

    /// <summary>Largest offset.</summary>
    public double MaxDelta { get; }

    /// <summary>The value range results are clipped to, or null.</summary>
    public (double Min, double Max)? Clamp { get; }

    /// <inheritdoc/>
    protected override void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random)
    {
        T delta = T.CreateTruncating(random.NextDouble(-MaxDelta, MaxDelta));
        for (int i = 0; i < sample.Length; i++)
        {
            sample[i] += delta;
        }

        Intensity.Clip(sample, Clamp);
    }
}
