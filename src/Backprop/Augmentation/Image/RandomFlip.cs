using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// Mirrors an image. With one axis enabled, the sample is flipped on it with <see cref="SampleTransform{T}.Probability"/>;
/// with both, each axis is flipped independently with that probability (as Keras' <c>"horizontal_and_vertical"</c>).
/// Not for digits or text, whose meaning changes when mirrored.
/// </summary>
/// <remarks>Thread safety: configured at construction and read-only afterwards: the pipeline applies one instance to
/// many samples on several threads at once, and its randomness comes only from the generator it is handed.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RandomFlip<T> : SampleTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="horizontal">Flip left ↔ right.</param>
    /// <param name="vertical">Flip top ↔ bottom.</param>
    /// <param name="probability">Chance of a flip on each enabled axis (default 0.5).</param>
    public RandomFlip(bool horizontal = true, bool vertical = false, double probability = 0.5)
        : base(1)
    {
        if (!horizontal && !vertical)
        {
            throw new ArgumentException("RandomFlip needs at least one axis: horizontal, vertical or both.", nameof(horizontal));
        }

        Horizontal = horizontal;
        Vertical = vertical;
        FlipProbability = Guard.Probability(probability, nameof(probability));
    }

    /// <summary>Whether left ↔ right flips are drawn.</summary>
    public bool Horizontal { get; }

    /// <summary>Whether top ↔ bottom flips are drawn.</summary>
    public bool Vertical { get; }

    /// <summary>Chance of a flip on each enabled axis.</summary>
    public double FlipProbability { get; }

    /// <inheritdoc/>
    public override void Prepare(SampleShape shape, Tensor2D<T>? trainingFeatures) => shape.RequireImage(Name);

    /// <inheritdoc/>
    protected override void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random)
    {
        bool h = Horizontal && random.NextBool(FlipProbability);
        bool v = Vertical && random.NextBool(FlipProbability);
        int width = shape.Width, height = shape.Height, c = shape.Channels;
        if (h)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width / 2; x++)
                {
                    Swap(sample, ((y * width) + x) * c, ((y * width) + (width - 1 - x)) * c, c);
                }
            }
        }

        if (v)
        {
            int rowLength = width * c;
            for (int y = 0; y < height / 2; y++)
            {
                Swap(sample, y * rowLength, (height - 1 - y) * rowLength, rowLength);
            }
        }
    }

    private static void Swap(Span<T> s, int a, int b, int count)
    {
        for (int i = 0; i < count; i++)
        {
            (s[a + i], s[b + i]) = (s[b + i], s[a + i]);
        }
    }
}
