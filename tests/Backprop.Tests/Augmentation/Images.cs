using Backprop.Augmentation;

namespace Backprop.Tests.Augmentation;

/// <summary>Tiny hand-made images for geometry tests.</summary>
internal static class Images
{
    /// <summary>A zero image with one pixel set to 1.</summary>
    public static double[] Dot(SampleShape shape, int x, int y, int channel = 0, double value = 1)
    {
        var image = new double[shape.Length];
        image[(((y * shape.Width) + x) * shape.Channels) + channel] = value;
        return image;
    }

    public static double At(double[] image, SampleShape shape, int x, int y, int channel = 0)
        => image[(((y * shape.Width) + x) * shape.Channels) + channel];

    /// <summary>Pixel values 1, 2, 3, … in row-major order.</summary>
    public static double[] Counting(SampleShape shape)
        => Enumerable.Range(1, shape.Length).Select(v => (double)v).ToArray();

    public static double[] Apply(SampleTransform<double> transform, double[] image, SampleShape shape, ulong key = 1)
    {
        var copy = (double[])image.Clone();
        var random = new CounterRandom(key);
        transform.Prepare(shape, null);
        transform.Apply(copy, shape, ref random);
        return copy;
    }
}
