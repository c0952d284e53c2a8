namespace Backprop.Augmentation;

/// <summary>
/// How one sample (one row of features) is laid out: an image of <see cref="Height"/> × <see cref="Width"/> pixels
/// with <see cref="Channels"/> interleaved channels (row-major, channel last: index = (y·W + x)·C + c),
/// or a tabular row of <see cref="Width"/> features (height 1, one channel).
/// </summary>
/// <remarks>Thread safety: an immutable value; safe on any thread.</remarks>
public readonly record struct SampleShape
{
    /// <summary>Creates a shape.</summary>
    /// <param name="height">Rows of pixels, ≥ 1.</param>
    /// <param name="width">Columns of pixels, ≥ 1.</param>
    /// <param name="channels">Channels per pixel, ≥ 1.</param>
    public SampleShape(int height, int width, int channels = 1)
    {
        Guard.AtLeast(height, 1, nameof(height), "SampleShape");
        Guard.AtLeast(width, 1, nameof(width), "SampleShape");
        Guard.AtLeast(channels, 1, nameof(channels), "SampleShape");

        if ((long)height * width * channels > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"The sample shape {height}×{width}×{channels} is too large.");
        }

        Height = height;
        Width = width;
        Channels = channels;
    }

    /// <summary>Rows of pixels (1 for tabular rows).</summary>
    public int Height { get; }

    /// <summary>Columns of pixels (the feature count for tabular rows).</summary>
    public int Width { get; }

    /// <summary>Channels per pixel.</summary>
    public int Channels { get; }

    /// <summary>Features per sample: Height × Width × Channels.</summary>
    public int Length => Height * Width * Channels;

    /// <summary>An image shape.</summary>
    /// <param name="height">Height in pixels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="channels">Channels (1 = grey, 3 = RGB).</param>
    /// <returns>The shape.</returns>
    public static SampleShape Image(int height, int width, int channels = 1) => new(height, width, channels);

    /// <summary>A tabular row of <paramref name="features"/> values.</summary>
    /// <param name="features">Number of features.</param>
    /// <returns>The shape 1 × features × 1.</returns>
    public static SampleShape Tabular(int features) => new(1, features, 1);

    /// <inheritdoc/>
    public override string ToString() => $"{Height}×{Width}×{Channels}";

    /// <summary>Throws unless the sample is an image of at least <paramref name="minSide"/> pixels a side.</summary>
    internal void RequireImage(string transform, int minSide = 1)
    {
        if (Height < minSide || Width < minSide)
        {
            throw new ArgumentException(
                $"{transform} needs an image of at least {minSide}×{minSide} pixels, but the sample shape is {this}; " +
                "give the pipeline an image shape such as SampleShape.Image(28, 28).",
                "shape");
        }
    }
}
