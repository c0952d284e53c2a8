using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// Random erasing / cutout (Zhong et al. 2017; DeVries &amp; Taylor 2017): fills a random rectangle with a constant.
/// Its area is a uniform fraction of the image in <see cref="Area"/> and its aspect ratio (height/width) is
/// log-uniform in <see cref="AspectRatio"/>; a rectangle larger than the image is clipped to it.
/// </summary>
/// <remarks>Thread safety: configured at construction and read-only afterwards: the pipeline applies one instance to
/// many samples on several threads at once, and its randomness comes only from the generator it is handed.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RandomErasing<T> : SampleTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the transform with the paper's defaults (area 2–33 %, aspect 0.3–3.3).</summary>
    /// <param name="probability">Chance that a sample gets a rectangle erased.</param>
    /// <param name="minArea">Smallest area fraction, in (0, 1].</param>
    /// <param name="maxArea">Largest area fraction, in [<paramref name="minArea"/>, 1].</param>
    /// <param name="minAspectRatio">Smallest height/width ratio, &gt; 0.</param>
    /// <param name="maxAspectRatio">Largest height/width ratio.</param>
    /// <param name="fillValue">The value written into the rectangle.</param>
    public RandomErasing(double probability = 0.5, double minArea = 0.02, double maxArea = 0.33, double minAspectRatio = 0.3, double maxAspectRatio = 3.3, double fillValue = 0)
        : base(probability)
    {
        Guard.Positive(minArea, nameof(minArea));
        Area = Guard.Range((minArea, maxArea), "area", 0, 1);
        Guard.Positive(minAspectRatio, nameof(minAspectRatio));
        AspectRatio = Guard.Range((minAspectRatio, maxAspectRatio), "aspectRatio");
        FillValue = Guard.Finite(fillValue, nameof(fillValue));
    }

    /// <summary>The range of the erased area as a fraction of the image.</summary>
    public (double Min, double Max) Area { get; }

    /// <summary>The range of height/width ratios.</summary>
    public (double Min, double Max) AspectRatio { get; }

    /// <summary>The value written into the rectangle.</summary>
    public double FillValue { get; }

    /// <inheritdoc/>
    public override void Prepare(SampleShape shape, Tensor2D<T>? trainingFeatures) => shape.RequireImage(Name);

    /// <inheritdoc/>
    protected override void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random)
    {
        double area = random.NextDouble(Area.Min, Area.Max) * shape.Height * shape.Width;
        double ratio = Math.Exp(random.NextDouble(Math.Log(AspectRatio.Min), Math.Log(AspectRatio.Max)));
        int h = Math.Clamp((int)Math.Round(Math.Sqrt(area * ratio)), 1, shape.Height);
        int w = Math.Clamp((int)Math.Round(Math.Sqrt(area / ratio)), 1, shape.Width);
        int top = random.NextInt(shape.Height - h + 1);
        int left = random.NextInt(shape.Width - w + 1);
        T fill = T.CreateTruncating(FillValue);
        int c = shape.Channels;
        for (int y = top; y < top + h; y++)
        {
            sample.Slice(((y * shape.Width) + left) * c, w * c).Fill(fill);
        }
    }
}
