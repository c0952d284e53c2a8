using System.Buffers.Binary;
using SkiaSharp;

namespace Backprop.Plotting.Tests;

/// <summary>Reads what the tests check in a PNG file: the signature, the IHDR size and the drawn pixels.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool HasSignature(byte[] file) => file.Length > 24 && file.AsSpan(0, 8).SequenceEqual(Signature);

    /// <summary>Width and height from the IHDR chunk, which must come first (bytes 16..23, big-endian).</summary>
    public static (int Width, int Height) Size(byte[] file)
    {
        file.AsSpan(12, 4).SequenceEqual("IHDR"u8).Should().BeTrue("the first chunk of a PNG is IHDR");
        return (BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(20)));
    }

    /// <summary>Drawn: opaque enough to see and darker than near-white (a transparent pixel is not ink, whatever its colour).</summary>
    private static bool IsInk(SKColor c) => c.Alpha > 128 && (c.Red < 240 || c.Green < 240 || c.Blue < 240);

    /// <summary>The fraction of pixels that are not white, once decoded.</summary>
    public static double InkFraction(byte[] file)
    {
        using var bitmap = SKBitmap.Decode(file);
        long ink = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                if (IsInk(bitmap.GetPixel(x, y)))
                {
                    ink++;
                }
            }
        }

        return ink / (double)(bitmap.Width * bitmap.Height);
    }

    /// <summary>The number of pixels in row band [top, bottom) that are not white: a panel with nothing drawn has none.</summary>
    public static int InkInBand(byte[] file, int top, int bottom)
    {
        using var bitmap = SKBitmap.Decode(file);
        int ink = 0;
        for (int y = top; y < bottom; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                if (IsInk(bitmap.GetPixel(x, y)))
                {
                    ink++;
                }
            }
        }

        return ink;
    }
}
