using System.Buffers.Binary;
using System.IO.Compression;
using Backprop.Data;

namespace Backprop.Tests.Data;

public sealed class IdxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("idx-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static byte[] Images(int count, int rows, int columns, int magic = Idx.ImagesMagic, int? declaredCount = null)
    {
        var bytes = new byte[16 + (count * rows * columns)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), declaredCount ?? count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (int i = 16; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        return bytes;
    }

    internal static byte[] Labels(params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, Idx.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    internal static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest))
        {
            gz.Write(data);
        }

        return ms.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Raw_and_gzip_files_read_the_same_pixels()
    {
        var raw = Images(3, 2, 4);
        var a = Idx.ReadImages(Write("raw-idx3", raw));
        var b = Idx.ReadImages(Write("gz-idx3.gz", Gzip(raw)));

        (a.Count, a.Rows, a.Columns).Should().Be((3, 2, 4));
        a.Pixels.Should().Equal(raw[16..]);
        b.Pixels.Should().Equal(a.Pixels);
        Idx.ReadLabels(Write("l.gz", Gzip(Labels(1, 2, 9)))).Should().Equal(1, 2, 9);
    }

    [Fact]
    public void Bad_magic_number_names_file_and_both_values()
    {
        string path = Write("labels-as-images", Labels(1, 2));
        var act = () => Idx.ReadImages(path);
        act.Should().Throw<InvalidDataException>().WithMessage("*labels-as-images*0x00000801*0x00000803*");
    }

    [Fact]
    public void Truncated_header_and_truncated_pixels_are_reported()
    {
        var full = Images(4, 3, 3);
        string header = Write("short-header", full[..10]);
        string pixels = Write("short-pixels.gz", Gzip(full[..^5]));

        ((Action)(() => Idx.ReadImages(header))).Should().Throw<InvalidDataException>().WithMessage("*short-header*truncated*12 bytes of image dimensions*6 of 12*");
        ((Action)(() => Idx.ReadImages(pixels))).Should().Throw<InvalidDataException>().WithMessage("*short-pixels.gz*truncated*31 of 36*");
    }

    [Fact]
    public void Wrong_counts_are_reported()
    {
        string more = Write("count-too-small", Images(4, 2, 2, declaredCount: 3));
        string fewer = Write("count-too-large", Images(2, 2, 2, declaredCount: 3));
        var labels = Labels(1, 2, 3);
        labels[7] = 5;

        ((Action)(() => Idx.ReadImages(more))).Should().Throw<InvalidDataException>().WithMessage("*count-too-small*trailing bytes*");
        ((Action)(() => Idx.ReadImages(fewer))).Should().Throw<InvalidDataException>().WithMessage("*count-too-large*truncated*");
        ((Action)(() => Idx.ReadLabels(Write("labels", labels)))).Should().Throw<InvalidDataException>().WithMessage("*labels*truncated*5 labels*");
    }

    [Fact]
    public void Implausible_dimensions_are_rejected_before_allocating()
    {
        var bytes = Images(0, 1, 1);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), int.MaxValue);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 100_000);
        ((Action)(() => Idx.ReadImages(Write("huge", bytes)))).Should().Throw<InvalidDataException>().WithMessage("*huge*implausible dimensions*");
    }

    [Fact]
    public void A_header_announcing_gigabytes_fails_as_truncated_without_allocating_them()
    {
        // An 8-byte label file claiming int.MaxValue labels threw OutOfMemoryException; one claiming 1e9 labels allocated
        // 1 GB before noticing the file was 8 bytes long.
        var hugeCount = Labels();
        BinaryPrimitives.WriteInt32BigEndian(hugeCount.AsSpan(4), int.MaxValue);
        ((Action)(() => Idx.ReadLabels(Write("max-labels", hugeCount)))).Should().Throw<InvalidDataException>().WithMessage("*max-labels*implausible label count*");

        var billion = Labels(1, 2, 3);
        BinaryPrimitives.WriteInt32BigEndian(billion.AsSpan(4), 1_000_000_000);
        var images = Images(0, 32, 32, declaredCount: 2_000_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ((Action)(() => Idx.ReadLabels(Write("billion-labels", billion)))).Should().Throw<InvalidDataException>().WithMessage("*truncated*3 of 1,000,000,000*");
        ((Action)(() => Idx.ReadImages(Write("many-images", images)))).Should().Throw<InvalidDataException>().WithMessage("*truncated*0 of 2,048,000,000*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16L << 20, "the buffers grow with the data that arrives");
    }

    [Fact]
    public void Corrupt_gzip_is_reported_as_invalid_data_naming_the_file()
    {
        var gz = Gzip(Images(5, 4, 4));
        for (int i = 12; i < gz.Length - 8; i++)
        {
            gz[i] ^= 0x5A;
        }

        ((Action)(() => Idx.ReadImages(Write("broken.gz", gz)))).Should().Throw<InvalidDataException>().WithMessage("*broken.gz*");
    }

    [Fact]
    public void Mnist_load_pairs_images_with_labels_and_scales_pixels()
    {
        var images = Images(3, 2, 2);
        images[16] = 255;
        images[17] = 0;
        string imagesPath = Write("i.gz", Gzip(images));
        var data = Mnist.Load<float>(imagesPath, Write("l", Labels(7, 0, 3)));

        (data.Count, data.FeatureCount).Should().Be((3, 4));
        (data.Features[0, 0], data.Features[0, 1]).Should().Be((1f, 0f));
        data.ClassLabels().Should().Equal(7, 0, 3);
        ((Action)(() => Mnist.Load<float>(imagesPath, Write("l2", Labels(1, 2))))).Should().Throw<InvalidDataException>().WithMessage("*3 images*2 labels*");
    }

    [Fact]
    public void Missing_folder_files_are_named()
    {
        ((Action)(() => Mnist.LoadTest<float>(_dir))).Should().Throw<FileNotFoundException>().WithMessage("*t10k-images-idx3-ubyte*");
    }
}
