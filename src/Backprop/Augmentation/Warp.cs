using System.Numerics;

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
        int h = shape.Height, w = shape.Width, c = shape.Channels;
        for (int y = 0; y < h; y++)
        {
            double sx = (m[1] * y) + m[2];
            double sy = (m[4] * y) + m[5];
            for (int x = 0; x < w; x++)
            {
                Sample(source, shape, sx, sy, destination.Slice(((y * w) + x) * c, c), mode, fill);
                sx += m[0];
                sy += m[3];
            }
        }
    }

    /// <summary>Bilinear read of all channels at (sx, sy) into <paramref name="pixel"/>.</summary>
    public static void Sample<T>(ReadOnlySpan<T> source, SampleShape shape, double sx, double sy, Span<T> pixel, FillMode mode, double fill)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = shape.Height, w = shape.Width, c = shape.Channels;
        sx = Snap(sx);
        sy = Snap(sy);
        if (mode == FillMode.Constant && (sx <= -1 || sy <= -1 || sx >= w || sy >= h || double.IsNaN(sx) || double.IsNaN(sy)))
        {
            pixel.Fill(T.CreateTruncating(fill));
            return;
        }

        if (mode == FillMode.Nearest)
        {
            sx = Math.Clamp(sx, 0, w - 1);
            sy = Math.Clamp(sy, 0, h - 1);
        }

        int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
        double fx = sx - x0, fy = sy - y0;
        double w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
        bool inside = x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h;
        for (int ch = 0; ch < c; ch++)
        {
            double v;
            if (inside)
            {
                int i = (((y0 * w) + x0) * c) + ch;
                int below = i + (w * c);
                v = (w00 * double.CreateTruncating(source[i])) + (w01 * double.CreateTruncating(source[i + c]))
                    + (w10 * double.CreateTruncating(source[below])) + (w11 * double.CreateTruncating(source[below + c]));
            }
            else
            {
                v = (w00 * Read(source, shape, x0, y0, ch, fill)) + (w01 * Read(source, shape, x0 + 1, y0, ch, fill))
                    + (w10 * Read(source, shape, x0, y0 + 1, ch, fill)) + (w11 * Read(source, shape, x0 + 1, y0 + 1, ch, fill));
            }

            pixel[ch] = T.CreateTruncating(v);
        }
    }

    private static double Read<T>(ReadOnlySpan<T> source, SampleShape shape, int x, int y, int ch, double fill)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Only reached for the constant mode or at the clamped far edge, where the weight of the outside pixel is 0.
        if ((uint)x >= (uint)shape.Width || (uint)y >= (uint)shape.Height)
        {
            return fill;
        }

        return double.CreateTruncating(source[(((y * shape.Width) + x) * shape.Channels) + ch]);
    }

    // Rotations by multiples of 90° land a hair off integer coordinates; snapping keeps them exact.
    private static double Snap(double v)
    {
        double r = Math.Round(v);
        return Math.Abs(v - r) < 1e-9 ? r : v;
    }
}
