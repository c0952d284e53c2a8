using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>Zooms an image about its centre by a random factor (&gt; 1 enlarges the content, &lt; 1 shrinks it).</summary>
/// <remarks>Thread safety: configured at construction and read-only afterwards: the pipeline applies one instance to
/// many samples on several threads at once, and its randomness comes only from the generator it is handed.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RandomZoom<T> : AffineTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Zooms by a factor drawn uniformly from [<paramref name="minScale"/>, <paramref name="maxScale"/>].</summary>
    /// <param name="minScale">Smallest factor, &gt; 0.</param>
    /// <param name="maxScale">Largest factor, ≥ <paramref name="minScale"/>.</param>
    /// <param name="probability">Chance that a sample is zoomed.</param>
    /// <param name="fillMode">What to read outside the image.</param>
    /// <param name="fillValue">The constant for <see cref="FillMode.Constant"/>.</param>
    public RandomZoom(double minScale, double maxScale, double probability = 1, FillMode fillMode = FillMode.Constant, double fillValue = 0)
        : base(probability, fillMode, fillValue)
    {
        Guard.Positive(minScale, nameof(minScale));
        Guard.Range((minScale, maxScale), "scale");
        MinScale = minScale;
        MaxScale = maxScale;
    }

    /// <summary>Smallest zoom factor.</summary>
    public double MinScale { get; }

    /// <summary>Largest zoom factor.</summary>
    public double MaxScale { get; }

    /// <inheritdoc/>
    protected override void DrawInverseMap(SampleShape shape, ref CounterRandom random, Span<double> inverse)
        => AboutCentre(shape, 0, random.NextDouble(MinScale, MaxScale), 0, 0, inverse);
}
