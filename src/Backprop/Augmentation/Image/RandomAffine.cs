using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// Rotation, zoom and translation drawn together and applied in <em>one</em> resampling pass: cheaper and sharper
/// than chaining <see cref="RandomRotation{T}"/>, <see cref="RandomZoom{T}"/> and <see cref="RandomTranslation{T}"/>.
/// </summary>
/// <remarks>Thread safety: configured at construction and read-only afterwards: the pipeline applies one instance to
/// many samples on several threads at once, and its randomness comes only from the generator it is handed.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RandomAffine<T> : AffineTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="maxDegrees">Largest rotation in degrees (± , in [0, 180]).</param>
    /// <param name="maxShift">Largest shift in pixels on each axis (±, ≥ 0).</param>
    /// <param name="minScale">Smallest zoom factor (&gt; 0).</param>
    /// <param name="maxScale">Largest zoom factor (≥ <paramref name="minScale"/>).</param>
    /// <param name="probability">Chance that a sample is transformed.</param>
    /// <param name="fillMode">What to read outside the image.</param>
    /// <param name="fillValue">The constant for <see cref="FillMode.Constant"/>.</param>
    public RandomAffine(double maxDegrees, double maxShift, double minScale = 1, double maxScale = 1, double probability = 1, FillMode fillMode = FillMode.Constant, double fillValue = 0)
        : base(probability, fillMode, fillValue)
    {
        MaxDegrees = Guard.InRange(maxDegrees, 0, 180, nameof(maxDegrees));

        MaxShift = Guard.NonNegative(maxShift, nameof(maxShift));
        Guard.Positive(minScale, nameof(minScale));
        Guard.Range((minScale, maxScale), "scale");
        MinScale = minScale;
        MaxScale = maxScale;
    }

    /// <summary>Largest rotation in degrees.</summary>
    public double MaxDegrees { get; }

    /// <summary>Largest shift in pixels.</summary>
    public double MaxShift { get; }

    /// <summary>Smallest zoom factor.</summary>
    public double MinScale { get; }

    /// <summary>Largest zoom factor.</summary>
    public double MaxScale { get; }

    /// <inheritdoc/>
    protected override void DrawInverseMap(SampleShape shape, ref CounterRandom random, Span<double> inverse)
    {
        double degrees = random.NextDouble(-MaxDegrees, MaxDegrees);
        double scale = random.NextDouble(MinScale, MaxScale);
        double dx = random.NextDouble(-MaxShift, MaxShift);
        double dy = random.NextDouble(-MaxShift, MaxShift);
        AboutCentre(shape, degrees, scale, dx, dy, inverse);
    }
}
