using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Augmentation;

/// <summary>Bilinear resampling of an image sample: every output pixel reads the source at a mapped position.</summary>
internal static class Warp
{
    /// <summary>
    /// Output pixel (x, y) reads the source at (m0·x + m1·y + m2, m3·x + m4·y + m5); pixel centres are at integer coordinates.
    /// </summary>
    public static void Affine<T>(ReadOnlySpan<T> source, Span<T> destination, SampleShape shape, ReadOnlySpan<double> m, FillMode mode, double fill)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Rotations by multiples of 90° give coefficients a hair off integers; snapping keeps such maps exact.
        double m0 = Snap(m[0]), m1 = Snap(m[1]), m2 = Snap(m[2]), m3 = Snap(m[3]), m4 = Snap(m[4]), m5 = Snap(m[5]);
        int h = shape.Height, w = shape.Width, pixels = h * w;
        double[] rented = ArrayPool<double>.Shared.Rent(2 * pixels);
        var xs = rented.AsSpan(0, pixels);
        var ys = rented.AsSpan(pixels, pixels);
        for (int y = 0, p = 0; y < h; y++)
        {
            double bx = (m1 * y) + m2, by = (m4 * y) + m5;
            for (int x = 0; x < w; x++, p++)
            {
                xs[p] = (m0 * x) + bx;
                ys[p] = (m3 * x) + by;
            }
        }

        Resample(source, destination, shape, xs, ys, mode, fill);
        ArrayPool<double>.Shared.Return(rented);
    }

    /// <summary>Output pixel p (row-major) reads the source at (xs[p], ys[p]), bilinearly.</summary>
    public static void Resample<T>(ReadOnlySpan<T> source, Span<T> destination, SampleShape shape, ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, FillMode mode, double fill)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = shape.Height, w = shape.Width, c = shape.Channels;
        if (source.Length < shape.Length || destination.Length < shape.Length || xs.Length < h * w || ys.Length < h * w)
        {
            throw new ArgumentException("Buffers are smaller than the sample shape.", nameof(source));
        }

        T fillValue = T.CreateTruncating(fill);
        ref T src = ref MemoryMarshal.GetReference(source);
        ref T dst = ref MemoryMarshal.GetReference(destination);
        int pixels = h * w;
        for (int p = 0; p < pixels; p++)
        {
            double sx = xs[p], sy = ys[p];
            if (mode == FillMode.Nearest)
            {
                sx = Math.Clamp(sx, 0, w - 1);
                sy = Math.Clamp(sy, 0, h - 1);
            }
            else if (!(sx > -1 && sy > -1 && sx < w && sy < h))
            {
                for (int ch = 0; ch < c; ch++)
                {
                    Unsafe.Add(ref dst, (p * c) + ch) = fillValue;
                }

                continue;
            }

            // Here sx, sy > −1, so truncation after adding 1 is a floor.
            int x0 = (int)(sx + 1) - 1, y0 = (int)(sy + 1) - 1;
            double fx = sx - x0, fy = sy - y0;
            double w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
            if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h)
            {
                int i = ((y0 * w) + x0) * c, below = i + (w * c);
                for (int ch = 0; ch < c; ch++)
                {
                    double v = (w00 * D(Unsafe.Add(ref src, i + ch))) + (w01 * D(Unsafe.Add(ref src, i + c + ch)))
                        + (w10 * D(Unsafe.Add(ref src, below + ch))) + (w11 * D(Unsafe.Add(ref src, below + c + ch)));
                    Unsafe.Add(ref dst, (p * c) + ch) = T.CreateTruncating(v);
                }
            }
            else
            {
                for (int ch = 0; ch < c; ch++)
                {
                    double v = (w00 * Read(source, shape, x0, y0, ch, fill)) + (w01 * Read(source, shape, x0 + 1, y0, ch, fill))
                        + (w10 * Read(source, shape, x0, y0 + 1, ch, fill)) + (w11 * Read(source, shape, x0 + 1, y0 + 1, ch, fill));
                    Unsafe.Add(ref dst, (p * c) + ch) = T.CreateTruncating(v);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double D<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T>
        => double.CreateTruncating(value);

    private static double Read<T>(ReadOnlySpan<T> source, SampleShape shape, int x, int y, int ch, double fill)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Outside pixels only occur in the constant mode or at a clamped far edge, where their weight is 0.
        if ((uint)x >= (uint)shape.Width || (uint)y >= (uint)shape.Height)
        {
            return fill;
        }

        return double.CreateTruncating(source[(((y * shape.Width) + x) * shape.Channels) + ch]);
    }

    private static double Snap(double v)
    {
        double r = Math.Round(v);
        return Math.Abs(v - r) < 1e-12 ? r : v;
    }
}
