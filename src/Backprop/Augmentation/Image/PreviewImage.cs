using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// Writes samples as a PNG grid so a person can see what a pipeline does (pair it with
/// <see cref="AugmentationPipeline{T}.Preview"/>). Grey images for one channel, RGB for three; other channel
/// counts show the first channel. Pure managed code: zlib from <see cref="ZLibStream"/>, CRC-32 from System.IO.Hashing.
/// </summary>
/// <remarks>Thread safety: static methods with no shared state; safe to call from many threads at once, each call
/// working on its own arguments.</remarks>
public static class PreviewImage
{
    /// <summary>Saves rows of <paramref name="images"/> as tiles of a grid.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="path">The PNG file to write (replaced atomically).</param>
    /// <param name="images">One image per row, laid out as <paramref name="shape"/>.</param>
    /// <param name="shape">The image shape.</param>
    /// <param name="columns">Tiles per grid row (≥ 1).</param>
    /// <param name="scale">Screen pixels per image pixel (1–32).</param>
    /// <param name="valueRange">The values shown as black and white (default 0 → 1); others are clipped.</param>
    public static void SavePng<T>(string path, Tensor2D<T> images, SampleShape shape, int columns = 8, int scale = 4, (double Min, double Max)? valueRange = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(images);
        if (images.Columns != shape.Length || images.Rows == 0)
        {
            throw new ArgumentException($"Expected at least one row of {shape.Length} values (shape {shape}); got [{images.Rows}, {images.Columns}].", nameof(images));
        }

        Guard.AtLeast(columns, 1, nameof(columns));
        Guard.InRange(scale, 1, 32, nameof(scale));
        var (lo, hi) = Guard.Range(valueRange ?? (0.0, 1.0), nameof(valueRange), strict: true);

        int channels = shape.Channels == 3 ? 3 : 1;
        int gridColumns = Math.Min(columns, images.Rows), gridRows = (images.Rows + gridColumns - 1) / gridColumns;
        const int Gap = 2;
        int tileW = shape.Width * scale, tileH = shape.Height * scale;
        int width = (gridColumns * (tileW + Gap)) + Gap, height = (gridRows * (tileH + Gap)) + Gap;
        int stride = (width * channels) + 1;
        var raw = new byte[checked(stride * height)];
        for (int y = 0; y < height; y++)
        {
            raw.AsSpan((y * stride) + 1, stride - 1).Fill(96); // grey gaps; filter byte 0 stays "None"
        }

        for (int n = 0; n < images.Rows; n++)
        {
            var image = images.Row(n);
            int ox = Gap + ((n % gridColumns) * (tileW + Gap)), oy = Gap + ((n / gridColumns) * (tileH + Gap));
            for (int y = 0; y < tileH; y++)
            {
                for (int x = 0; x < tileW; x++)
                {
                    int src = (((y / scale) * shape.Width) + (x / scale)) * shape.Channels;
                    int dst = ((oy + y) * stride) + 1 + ((ox + x) * channels);
                    for (int c = 0; c < channels; c++)
                    {
                        double v = (double.CreateTruncating(image[src + c]) - lo) / (hi - lo);
                        raw[dst + c] = (byte)Math.Round(255 * Math.Clamp(v, 0, 1));
                    }
                }
            }
        }

        string temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
            Span<byte> header = stackalloc byte[13];
            BinaryPrimitives.WriteInt32BigEndian(header, width);
            BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
            header[8] = 8;                              // bit depth
            header[9] = (byte)(channels == 3 ? 2 : 0);  // colour type: truecolour or greyscale
            WriteChunk(file, "IHDR"u8, header);
            using (var compressed = new MemoryStream())
            {
                using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
                {
                    z.Write(raw);
                }

                WriteChunk(file, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
            }

            WriteChunk(file, "IEND"u8, []);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        stream.Write(four);
        stream.Write(type);
        stream.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(four, crc.GetCurrentHashAsUInt32());
        stream.Write(four);
    }
}
