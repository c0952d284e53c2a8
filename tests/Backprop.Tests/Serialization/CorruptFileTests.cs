using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;

namespace Backprop.Tests.Serialization;

/// <summary>Each way a model file can be wrong gives an <see cref="InvalidDataException"/> that names the problem.</summary>
public class CorruptFileTests
{
    private static readonly byte[] Valid = ModelFiles.Bytes(Small());

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(40)]
    [InlineData(-1)]
    [InlineData(-100)]
    public void A_truncated_file_is_refused(int cut)
    {
        int length = cut >= 0 ? cut : Valid.Length + cut;
        Load(Valid.AsSpan(0, length).ToArray()).Should().Throw<InvalidDataException>().WithMessage("*truncated*", "cut at byte " + length);
    }

    [Fact]
    public void A_flipped_bit_in_the_weights_fails_the_checksum()
    {
        var bytes = (byte[])Valid.Clone();
        bytes[^3] ^= 0x10;
        Load(bytes).Should().Throw<InvalidDataException>().WithMessage("*checksum does not match*");
    }

    [Fact]
    public void Trailing_bytes_are_refused() => Load([.. Valid, 0]).Should().Throw<InvalidDataException>().WithMessage("*trailing bytes*");

    [Fact]
    public void A_huge_header_length_is_refused_before_it_is_allocated()
    {
        var bytes = (byte[])Valid.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue - 3);
        Load(bytes).Should().Throw<InvalidDataException>().WithMessage("*header length*MaxHeaderBytes*");
    }

    [Fact]
    public void Overlapping_tensors_are_refused()
        => Load(Edit(h => h["dense/bias"]!["data_offsets"] = new JsonArray(0, 16)))
            .Should().Throw<InvalidDataException>().WithMessage("*overlap or hole*");

    [Fact]
    public void A_shape_that_does_not_fit_the_data_offsets_is_refused()
        => Load(Edit(h => h["dense/kernel"]!["shape"] = new JsonArray(4, 4)))
            .Should().Throw<InvalidDataException>().WithMessage("*tensor 'dense/kernel' has shape [4, 4]*");

    [Fact]
    public void An_unknown_dtype_is_refused()
        => Load(Edit(h => h["dense/kernel"]!["dtype"] = "I64")).Should().Throw<InvalidDataException>().WithMessage("*dtype 'I64'*");

    [Fact]
    public void An_unknown_layer_type_is_refused_and_never_instantiated()
        => Load(EditArchitecture(a => a["layers"]![0]!["type"] = "System.IO.File"))
            .Should().Throw<InvalidDataException>().WithMessage("*layers[0] (dense): the layer type 'System.IO.File' is not registered*");

    [Fact]
    public void An_unknown_activation_is_refused()
        => Load(EditArchitecture(a => a["layers"]![0]!["config"]!["activation"]!["type"] = "swish9"))
            .Should().Throw<InvalidDataException>().WithMessage("*layers[0] (dense).activation: the Activation type 'swish9' is not registered*");

    [Fact]
    public void A_bad_hyper_parameter_is_refused_naming_the_layer()
        => Load(EditArchitecture(a => a["layers"]![1]!["config"]!["rate"] = 3.5))
            .Should().Throw<InvalidDataException>().WithMessage("*layers[1] (dropout)*Dropout layer*");

    [Fact]
    public void A_missing_hyper_parameter_is_refused_naming_the_key()
        => Load(EditArchitecture(a => a["layers"]![0]!["config"]!.AsObject().Remove("units")))
            .Should().Throw<InvalidDataException>().WithMessage("*layers[0] (dense): 'units' must be a 32-bit integer; found nothing*");

    [Fact]
    public void A_huge_layer_fails_before_allocating_its_weights()
    {
        var bytes = EditArchitecture(a => a["layers"]![0]!["config"]!["units"] = 2_000_000_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Load(bytes).Should().Throw<InvalidDataException>().WithMessage("*asks for parameter 'kernel'*more than the file's tensors hold*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void A_shape_that_disagrees_with_the_architecture_is_refused()
        => Load(EditArchitecture(a => a["input_features"] = 2))
            .Should().Throw<InvalidDataException>().WithMessage("*tensor 'dense/kernel' has shape [3, 4] but the architecture makes it [2, 4]*");

    [Fact]
    public void A_newer_format_version_is_refused_with_both_versions()
        => Load(Edit(h => h["__metadata__"]!["format_version"] = "2"))
            .Should().Throw<InvalidDataException>().WithMessage("*format version 2*reads up to version 1*");

    [Fact]
    public void A_plain_safetensors_file_is_recognised_as_not_ours()
        => Load(Edit(h => h["__metadata__"]!.AsObject().Remove("format")))
            .Should().Throw<InvalidDataException>().WithMessage("*without a Backprop architecture*");

    [Fact]
    public void Metadata_that_is_not_all_strings_is_refused()
        => Load(Edit(h => h["__metadata__"]!["format_version"] = 1))
            .Should().Throw<InvalidDataException>().WithMessage("*__metadata__.format_version' is not a string*");

    [Fact]
    public void A_changed_but_consistent_architecture_fails_the_checksum()
        => Load(EditArchitecture(a => a["layers"]![1]!["config"]!["rate"] = 0.5))
            .Should().Throw<InvalidDataException>().WithMessage("*checksum does not match*");

    [Fact]
    public void A_forward_only_stream_loads_and_cannot_make_the_loader_allocate_what_it_does_not_hold()
    {
        using (var stream = new ForwardOnly(Valid))
        {
            Sequential<float>.Load(stream).Parameters[0].Value.Span.ToArray().Should().Equal(Small().Parameters[0].Value.Span.ToArray());
        }

        // A header that claims a 1 GB kernel (and an architecture to match) on a stream of a few hundred bytes.
        var lying = EditArchitecture(a => a["layers"]![0]!["config"]!["units"] = 80_000_000);
        lying = Edit(lying, h =>
        {
            h["dense/kernel"]!["shape"] = new JsonArray(3, 80_000_000);
            long offset = 0; // re-tile the data offsets so that only the stream's length can tell the lie
            foreach (var (_, tensor) in h.Where(kv => kv.Key != "__metadata__").OrderBy(kv => long.Parse(kv.Value!["data_offsets"]![0]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)).ToList())
            {
                long bytes = tensor!["shape"]!.AsArray().Aggregate(4L, (n, d) => n * long.Parse(d!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture));
                tensor["data_offsets"] = new JsonArray(offset, offset + bytes);
                offset += bytes;
            }
        });
        long before = GC.GetAllocatedBytesForCurrentThread();
        FluentActions.Invoking(() => Sequential<float>.Load(new ForwardOnly(lying))).Should().Throw<InvalidDataException>();
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16 << 20);
    }

    internal static Sequential<float> Small()
    {
        var model = new Sequential<float>(new Dense<float>(4, Activation.Tanh), new Dropout<float>(0.1, seed: 3), new Dense<float>(2));
        model.Build(3, seed: 5);
        return model;
    }

    private static Func<Sequential<float>> Load(byte[] bytes) => () => ModelFiles.FromBytes<float>(bytes);

    /// <summary>Rewrites the JSON header (fixing its length prefix) and keeps the data section.</summary>
    private static byte[] Edit(Action<JsonObject> edit) => Edit(Valid, edit);

    private static byte[] Edit(byte[] file, Action<JsonObject> edit)
    {
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, n))!.AsObject();
        edit(header);
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var result = new byte[8 + json.Length + (file.Length - 8 - n)];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)json.Length);
        json.CopyTo(result, 8);
        file.AsSpan(8 + n).CopyTo(result.AsSpan(8 + json.Length));
        return result;
    }

    /// <summary>A stream that cannot seek or tell its length, like a network response body.</summary>
    private sealed class ForwardOnly(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }

    private static byte[] EditArchitecture(Action<JsonObject> edit) => Edit(h =>
    {
        var architecture = JsonNode.Parse(h["__metadata__"]!["architecture"]!.GetValue<string>())!.AsObject();
        edit(architecture);
        h["__metadata__"]!["architecture"] = architecture.ToJsonString();
    });
}
