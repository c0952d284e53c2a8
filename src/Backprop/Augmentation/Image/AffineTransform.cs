using System.Buffers;
using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// Base of the geometric transforms (translation, rotation, zoom, combined affine): draws an affine map,
/// then resamples the image bilinearly in one pass. Derive from it for your own geometric transform.
/// </summary>
/// <remarks>Thread safety: configured at construction and read-only afterwards: the pipeline applies one instance to
/// many samples on several threads at once, and its randomness comes only from the generator it is handed. A subclass
/// must compute its inverse map from the arguments only.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class AffineTransform<T> : SampleTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initialises the transform.</summary>
    /// <param name="probability">Chance that a sample is transformed.</param>
    /// <param name="fillMode">What to read outside the image.</param>
    /// <param name="fillValue">The constant for <see cref="FillMode.Constant"/>.</param>
    protected AffineTransform(double probability, FillMode fillMode, double fillValue)
        : base(probability)
    {
        FillMode = Guard.Defined(fillMode, nameof(fillMode));
        FillValue = Guard.Finite(fillValue, nameof(fillValue));
    }

    /// <summary>What is read outside the image.</summary>
    public FillMode FillMode { get; }

    /// <summary>The constant used by <see cref="FillMode.Constant"/>.</summary>
    public double FillValue { get; }

    /// <inheritdoc/>
    public override void Prepare(SampleShape shape, Tensor2D<T>? trainingFeatures) => shape.RequireImage(Name, 2);

    /// <summary>
    /// Draws the map for one sample as the six coefficients of the <em>inverse</em> map: output pixel (x, y) reads
    /// the source at (m[0]·x + m[1]·y + m[2], m[3]·x + m[4]·y + m[5]). Use <see cref="AboutCentre"/> to build it.
    /// </summary>
    /// <param name="shape">The image shape.</param>
    /// <param name="random">The random stream.</param>
    /// <param name="inverse">Receives six coefficients.</param>
    protected abstract void DrawInverseMap(SampleShape shape, ref CounterRandom random, Span<double> inverse);

    /// <inheritdoc/>
    protected sealed override void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random)
    {
        Span<double> m = stackalloc double[6];
        DrawInverseMap(shape, ref random, m);
        T[] rented = ArrayPool<T>.Shared.Rent(sample.Length);
        try
        {
            var source = rented.AsSpan(0, sample.Length);
            sample.CopyTo(source);
            Warp.Affine<T>(source, sample, shape, m, FillMode, FillValue);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The inverse map of: scale by <paramref name="scale"/> and rotate by <paramref name="degrees"/> (counter-clockwise
    /// as displayed) about the image centre, then shift by (<paramref name="shiftX"/>, <paramref name="shiftY"/>) pixels
    /// (positive = right, down).
    /// </summary>
    /// <param name="shape">The image shape.</param>
    /// <param name="degrees">Rotation angle in degrees.</param>
    /// <param name="scale">Zoom factor (&gt; 1 enlarges the content).</param>
    /// <param name="shiftX">Horizontal shift in pixels.</param>
    /// <param name="shiftY">Vertical shift in pixels.</param>
    /// <param name="inverse">Receives six coefficients.</param>
    protected static void AboutCentre(SampleShape shape, double degrees, double scale, double shiftX, double shiftY, Span<double> inverse)
    {
        double cx = (shape.Width - 1) / 2.0, cy = (shape.Height - 1) / 2.0;
        double rad = degrees * Math.PI / 180;
        double cos = Math.Cos(rad) / scale, sin = Math.Sin(rad) / scale;
        inverse[0] = cos;
        inverse[1] = -sin;
        inverse[3] = sin;
        inverse[4] = cos;
        inverse[2] = cx - (cos * (cx + shiftX)) + (sin * (cy + shiftY));
        inverse[5] = cy - (sin * (cx + shiftX)) - (cos * (cy + shiftY));
    }
}
