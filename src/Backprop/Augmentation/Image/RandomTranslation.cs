using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>Shifts an image by a random number of pixels (uniform in each range; fractional shifts are interpolated).</summary>
/// <remarks>Thread safety: configured at construction and read-only afterwards: the pipeline applies one instance to
/// many samples on several threads at once, and its randomness comes only from the generator it is handed.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RandomTranslation<T> : AffineTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Shifts by up to ± the given number of pixels on each axis.</summary>
    /// <param name="maxShiftX">Largest horizontal shift in pixels (≥ 0).</param>
    /// <param name="maxShiftY">Largest vertical shift in pixels (≥ 0).</param>
    /// <param name="probability">Chance that a sample is shifted.</param>
    /// <param name="fillMode">What to read outside the image.</param>
    /// <param name="fillValue">The constant for <see cref="FillMode.Constant"/>.</param>
    public RandomTranslation(double maxShiftX, double maxShiftY, double probability = 1, FillMode fillMode = FillMode.Constant, double fillValue = 0)
        : this((-Guard.NonNegative(maxShiftX, nameof(maxShiftX)), maxShiftX), (-Guard.NonNegative(maxShiftY, nameof(maxShiftY)), maxShiftY), probability, fillMode, fillValue)
    {
    }

    /// <summary>Shifts by a pixel amount drawn uniformly from each range (positive = right, down).</summary>
    /// <param name="shiftX">Horizontal shift range in pixels.</param>
    /// <param name="shiftY">Vertical shift range in pixels.</param>
    /// <param name="probability">Chance that a sample is shifted.</param>
    /// <param name="fillMode">What to read outside the image.</param>
    /// <param name="fillValue">The constant for <see cref="FillMode.Constant"/>.</param>
    public RandomTranslation((double Min, double Max) shiftX, (double Min, double Max) shiftY, double probability = 1, FillMode fillMode = FillMode.Constant, double fillValue = 0)
        : base(probability, fillMode, fillValue)
    {
        ShiftX = Guard.Range(shiftX, nameof(shiftX));
        ShiftY = Guard.Range(shiftY, nameof(shiftY));
    }

    /// <summary>Horizontal shift range in pixels.</summary>
    public (double Min, double Max) ShiftX { get; }

    /// <summary>Vertical shift range in pixels.</summary>
    public (double Min, double Max) ShiftY { get; }

    /// <inheritdoc/>
    protected override void DrawInverseMap(SampleShape shape, ref CounterRandom random, Span<double> inverse)
    {
        double dx = random.NextDouble(ShiftX.Min, ShiftX.Max);
        double dy = random.NextDouble(ShiftY.Min, ShiftY.Max);
        AboutCentre(shape, 0, 1, dx, dy, inverse);
    }
}
