using System.Buffers.Binary;
using System.IO.Compression;

namespace Backprop.Data;

/// <summary>
/// Reads the IDX files of MNIST and its relatives (unsigned-byte images and labels), raw or gzip-compressed
/// (detected from the content). Everything is validated before use — magic number, dimensions, length — and a bad
/// file fails with an <see cref="InvalidDataException"/> naming the file and the problem.
/// </summary>
/// <remarks>Thread safety: static methods with no shared state; safe to call from many threads at once, each call
/// working on its own arguments.</remarks>
public static class Idx
{
    /// <summary>The magic number of an unsigned-byte image file (type 0x08, 3 dimensions).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>The magic number of an unsigned-byte label file (type 0x08, 1 dimension).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>The largest image side accepted (guards allocation against corrupt headers).</summary>
    public const int MaxSide = 4096;

    /// <summary>Reads an image file.</summary>
    /// <param name="path">The file (<c>.gz</c> or raw).</param>
    /// <returns>The images.</returns>
    /// <exception cref="InvalidDataException">Bad magic number, dimensions or length.</exception>
    public static IdxImages ReadImages(string path)
    {
        using var stream = OpenFile(path);
        return ReadImages(stream, path);
    }

    /// <summary>Reads an image file from a stream.</summary>
    /// <param name="stream">The content (gzip-compressed or raw).</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <returns>The images.</returns>
    public static IdxImages ReadImages(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, sourceName, header =>
        {
            Span<byte> h = stackalloc byte[16];
            ReadExactly(header, h[..4], sourceName, "a 4-byte magic number");
            CheckMagic(h, ImagesMagic, sourceName, "image");
            ReadExactly(header, h[4..], sourceName, "the 12 bytes of image dimensions after the magic number");
            int count = BinaryPrimitives.ReadInt32BigEndian(h[4..]);
            int rows = BinaryPrimitives.ReadInt32BigEndian(h[8..]);
            int columns = BinaryPrimitives.ReadInt32BigEndian(h[12..]);
            if (count < 0 || rows < 1 || columns < 1 || rows > MaxSide || columns > MaxSide || (long)count * rows * columns > Array.MaxLength)
            {
                throw Bad(sourceName, $"implausible dimensions {count} × {rows} × {columns} (count ≥ 0, sides in [1, {MaxSide}])");
            }

            var pixels = ReadBody(header, count * rows * columns, sourceName, $"{count} images of {rows}×{columns} pixels ({count * rows * columns:N0} bytes)");
            CheckEnd(header, sourceName, pixels.Length + 16);
            return new IdxImages(count, rows, columns, pixels);
        });
    }

    /// <summary>Reads a label file.</summary>
    /// <param name="path">The file (<c>.gz</c> or raw).</param>
    /// <returns>One byte per label.</returns>
    /// <exception cref="InvalidDataException">Bad magic number or length.</exception>
    public static byte[] ReadLabels(string path)
    {
        using var stream = OpenFile(path);
        return ReadLabels(stream, path);
    }

    /// <summary>Reads a label file from a stream.</summary>
    /// <param name="stream">The content (gzip-compressed or raw).</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <returns>One byte per label.</returns>
    public static byte[] ReadLabels(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, sourceName, s =>
        {
            Span<byte> h = stackalloc byte[8];
            ReadExactly(s, h[..4], sourceName, "a 4-byte magic number");
            CheckMagic(h, LabelsMagic, sourceName, "label");
            ReadExactly(s, h[4..], sourceName, "the 4-byte label count after the magic number");
            int count = BinaryPrimitives.ReadInt32BigEndian(h[4..]);
            if (count < 0 || count > Array.MaxLength)
            {
                throw Bad(sourceName, $"an implausible label count {count} (0 to {Array.MaxLength:N0})");
            }

            var labels = ReadBody(s, count, sourceName, $"{count} labels");
            CheckEnd(s, sourceName, count + 8);
            return labels;
        });
    }

    private static FileStream OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The IDX file '{path}' does not exist.", path);
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    private static TResult Read<TResult>(Stream stream, string name, Func<Stream, TResult> parse)
    {
        // Gzip is recognised by its two magic bytes, so a raw file named .gz (or the reverse) still reads.
        var buffered = new BufferedStream(stream, 1 << 16);
        Span<byte> two = stackalloc byte[2];
        int got = buffered.ReadAtLeast(two, 2, throwOnEndOfStream: false);
        var prefix = new PrefixedStream(two[..got].ToArray(), buffered);
        if (got == 2 && two[0] == 0x1F && two[1] == 0x8B)
        {
            try
            {
                using var gz = new GZipStream(prefix, CompressionMode.Decompress, leaveOpen: true);
                return parse(gz);
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith("IDX file", StringComparison.Ordinal))
            {
                throw Bad(name, $"corrupt gzip data ({e.Message})", e);
            }
            catch (EndOfStreamException e)
            {
                throw Bad(name, "a gzip stream that ends early", e);
            }
        }

        return parse(prefix);
    }

    private static void CheckMagic(ReadOnlySpan<byte> header, int expected, string name, string kind)
    {
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != expected)
        {
            throw Bad(name, $"magic number 0x{magic:X8} where an {kind} file has 0x{expected:X8}");
        }
    }

    /// <summary>
    /// The <paramref name="length"/> bytes after the header, read into a buffer that grows with what arrives instead of
    /// one sized by the header alone: a corrupt or hostile header announcing gigabytes fails as "truncated" after
    /// allocating about twice what the file holds, not by exhausting memory first.
    /// </summary>
    private static byte[] ReadBody(Stream stream, int length, string name, string what)
    {
        const int FirstChunk = 1 << 20;
        var buffer = new byte[Math.Min(length, FirstChunk)];
        int filled = 0;
        while (true)
        {
            filled += stream.ReadAtLeast(buffer.AsSpan(filled), buffer.Length - filled, throwOnEndOfStream: false);
            if (filled < buffer.Length)
            {
                throw Bad(name, $"truncated: expected {what} but only {filled:N0} of {length:N0} bytes are there");
            }

            if (filled == length)
            {
                return buffer;
            }

            Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name, string what)
    {
        int got = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (got < buffer.Length)
        {
            throw Bad(name, $"truncated: expected {what} but only {got:N0} of {buffer.Length:N0} bytes are there");
        }
    }

    private static void CheckEnd(Stream stream, string name, long expectedLength)
    {
        if (stream.ReadByte() >= 0)
        {
            throw Bad(name, $"trailing bytes after the {expectedLength:N0} bytes its header announces");
        }
    }

    private static InvalidDataException Bad(string name, string problem, Exception? inner = null)
        => new($"IDX file '{name}' has {problem}.", inner);

    /// <summary>Replays bytes already read, then continues with the inner stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefix.Length && buffer.Length > 0)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _position);
                prefix.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            return inner.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
