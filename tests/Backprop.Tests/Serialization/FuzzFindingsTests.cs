using System.Buffers.Binary;
using System.Text;

namespace Backprop.Tests.Serialization;

/// <summary>
/// What the AFL++ fuzzer (tests/fuzz) found escaping the loader, each rebuilt by hand from a valid file. System.Text.Json
/// accepts both inputs at parse time and only throws when a value is read: a lone-surrogate escape such as
/// <c>\udc00</c> throws <see cref="InvalidOperationException"/> from <c>GetString</c>, and a key given twice in the
/// architecture throws <see cref="ArgumentException"/> when <c>JsonObject</c> builds its dictionary. Both must be
/// named <see cref="InvalidDataException"/>s. The fuzzer's own inputs are in corpus/ (crash-*).
/// </summary>
public class FuzzFindingsTests
{
    private static readonly byte[] Valid = ModelFiles.Bytes(CorruptFileTests.Small());

    [Theory]
    [InlineData("\"format\":\"backprop\"", "\"format\":\"backprop\\udc00\"")] // a metadata value
    [InlineData("\"format\":\"backprop\"", "\"format\\ud800\":\"backprop\"")] // a metadata key
    [InlineData("\"dense/kernel\":", "\"dense/kernel\\ud800\":")] // a tensor name
    [InlineData("\"dtype\":\"F32\"", "\"dtype\":\"F32\\udfff\"")] // a tensor's dtype
    public void A_lone_surrogate_escape_in_the_header_is_refused(string find, string replace)
        => Refused(Patch(find, replace)).Which.Message.Should().Contain("not valid UTF-16");

    [Theory]
    [InlineData(@"\u0022name\u0022:\u0022dense\u0022", @"\u0022name\u0022:\u0022dense\\udc00\u0022")] // a layer name
    [InlineData(@"\u0022type\u0022:\u0022Dense\u0022", @"\u0022type\u0022:\u0022Dense\\ud800\u0022")] // a layer type
    [InlineData(@"\u0022units\u0022", @"\u0022units\\ud800\u0022")] // a configuration key
    public void A_lone_surrogate_escape_in_the_architecture_is_refused(string find, string replace)
        => Refused(Patch(find, replace)).Which.Message.Should().Contain("architecture").And.Contain("not valid UTF-16");

    [Theory]
    [InlineData(@"\u0022model\u0022:\u0022Sequential\u0022", @"\u0022model\u0022:\u0022Sequential\u0022,\u0022model\u0022:\u0022Sequential\u0022")]
    [InlineData(@"\u0022name\u0022:\u0022dense\u0022", @"\u0022name\u0022:\u0022dense\u0022,\u0022name\u0022:\u0022dense\u0022")]
    [InlineData(@"\u0022units\u0022:4", @"\u0022units\u0022:4,\u0022units\u0022:4")]
    public void A_key_given_twice_in_the_architecture_is_refused(string find, string replace)
        => Refused(Patch(find, replace)).Which.Message.Should().Contain("architecture").And.Contain("Duplicate");

    [Fact]
    public void The_fuzzers_inputs_are_refused_with_InvalidDataException()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Serialization", "corpus");
        foreach (var file in new[] { "crash-86ddf000ac43", "crash-f83366c51105" })
        {
            Refused(File.ReadAllBytes(Path.Combine(folder, file)));
        }
    }

    private static FluentAssertions.Specialized.ExceptionAssertions<InvalidDataException> Refused(byte[] bytes)
    {
        var float32 = () => ModelFiles.ReadUnguarded<float>(bytes);
        var float64 = () => ModelFiles.ReadUnguarded<double>(bytes);
        float64.Should().Throw<InvalidDataException>();
        return float32.Should().Throw<InvalidDataException>();
    }

    /// <summary>Replaces raw header text (so that escapes stay exactly as written) and fixes the length prefix.</summary>
    private static byte[] Patch(string find, string replace)
    {
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(Valid);
        string header = Encoding.UTF8.GetString(Valid, 8, n);
        int at = header.IndexOf(find, StringComparison.Ordinal);
        at.Should().BeGreaterThanOrEqualTo(0, $"the header contains {find}");
        header = header[..at] + replace + header[(at + find.Length)..];
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + (Valid.Length - 8 - n)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        Valid.AsSpan(8 + n).CopyTo(bytes.AsSpan(8 + json.Length));
        return bytes;
    }
}
