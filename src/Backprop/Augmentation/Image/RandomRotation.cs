using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>Rotates an image about its centre by a random angle (degrees, positive = counter-clockwise as displayed).</summary>
/// <remarks>Thread safety: configured at construction and read-only afterwards: the pipeline applies one instance to
/// many samples on several threads at once, and its randomness comes only from the generator it is handed.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RandomRotation<T> : AffineTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rotates by up to ± <paramref name="maxDegrees"/>.</summary>
    /// <param name="maxDegrees">Largest angle in degrees, in [0, 180].</param>
    /// <param name="probability">Chance that a sample is rotated.</param>
    /// <param name="fillMode">What to read outside the image.</param>
    /// <param name="fillValue">The constant for <see cref="FillMode.Constant"/>.</param>
    public RandomRotation(double maxDegrees, double probability = 1, FillMode fillMode = FillMode.Constant, double fillValue = 0)
        : this((-Guard.NonNegative(maxDegrees, nameof(maxDegrees)), maxDegrees), probability, fillMode, fillValue)
    {
    }

    /// <summary>Rotates by an angle drawn uniformly from <paramref name="degrees"/>.</summary>
    /// <param name="degrees">Angle range in degrees, inside [−360, 360].</param>
    /// <param name="probability">Chance that a sample is rotated.</param>
    /// <param name="fillMode">What to read outside the image.</param>
    /// <param name="fillValue">The constant for <see cref="FillMode.Constant"/>.</param>
    public RandomRotation((double Min, double Max) degrees, double probability = 1, FillMode fillMode = FillMode.Constant, double fillValue = 0)
        : base(probability, fillMode, fillValue)
    {
        Degrees = Guard.Range(degrees, nameof(degrees), -360, 360);
    }

    /// <summary>The angle range in degrees.</summary>
    public (double Min, double Max) Degrees { get; }

    /// <inheritdoc/>
    protected override void DrawInverseMap(SampleShape shape, ref CounterRandom random, Span<double> inverse)
        => AboutCentre(shape, random.NextDouble(Degrees.Min, Degrees.Max), 1, 0, 0, inverse);
}
