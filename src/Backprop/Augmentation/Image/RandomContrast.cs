using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// Contrast jitter: each channel is stretched about its mean, <c>x′ = m + f·(x − m)</c>, with one factor f
/// drawn uniformly from [<see cref="MinFactor"/>, <see cref="MaxFactor"/>] per sample.
/// </summary>
/// <remarks>Thread safety: configured at construction and read-only afterwards: the pipeline applies one instance to
/// many samples on several threads at once, and its randomness comes only from the generator it is handed.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RandomContrast<T> : SampleTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="minFactor">Smallest factor (≥ 0; 1 = unchanged).</param>
    /// <param name="maxFactor">Largest factor (≥ <paramref name="minFactor"/>).</param>
    /// <param name="probability">Chance that a sample is changed.</param>
    /// <param name="clamp">Optional value range to clip the result to, e.g. (0, 1).</param>
    public RandomContrast(double minFactor, double maxFactor, double probability = 1, (double Min, double Max)? clamp = null)
        : base(probability)
    {
        Guard.NonNegative(minFactor, nameof(minFactor));
        Guard.Range((minFactor, maxFactor), "factor");
        Guard.Clamp(clamp, nameof(clamp));
        MinFactor = minFactor;
        MaxFactor = maxFactor;
        Clamp = clamp;
    }

    /// <summary>Smallest factor.</summary>
    public double MinFactor { get; }

    /// <summary>Largest factor.</summary>
    public double MaxFactor { get; }

    /// <summary>The value range results are clipped to, or null.</summary>
    public (double Min, double Max)? Clamp { get; }

    /// <inheritdoc/>
    protected override void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random)
    {
        T f = T.CreateTruncating(random.NextDouble(MinFactor, MaxFactor));
        int c = shape.Channels, pixels = shape.Height * shape.Width;
        for (int ch = 0; ch < c; ch++)
        {
            T sum = T.Zero;
            for (int p = 0; p < pixels; p++)
            {
                sum += sample[(p * c) + ch];
            }

            T mean = sum / T.CreateTruncating(pixels);
            for (int p = 0; p < pixels; p++)
            {
                ref T v = ref sample[(p * c) + ch];
                v = mean + (f * (v - mean));
            }
        }

        Intensity.Clip(sample, Clamp);
    }
}
