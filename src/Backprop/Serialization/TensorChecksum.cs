using System.Buffers.Binary;
using System.Text;

namespace Backprop.Serialization;

/// <summary>
/// The checksum of every Backprop file (model, weights, checkpoint): XxHash3-64 over the sorted metadata (without the
/// checksum itself) and each tensor's name, dtype, shape and bytes, in data order. Stored as <c>xxh3:</c> + 16 hex digits.
/// </summary>
internal sealed class TensorChecksum
{
    /// <summary>The metadata key the checksum is stored under.</summary>
    public const string Key = "checksum";

    private readonly System.IO.Hashing.XxHash3 _hash = new();

    /// <summary>The checksum so far, as stored in the file.</summary>
    public string Text => "xxh3:" + Convert.ToHexStringLower(_hash.GetCurrentHash());

    /// <summary>Adds the metadata, sorted by key (ordinal).</summary>
    public void AddMetadata(IEnumerable<KeyValuePair<string, string>> metadata)
    {
        foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            AddString(k);
            AddString(v);
        }
    }

    /// <summary>Adds one whole tensor.</summary>
    public void AddTensor(SafeTensorEntry entry, ReadOnlySpan<byte> bytes)
    {
        BeginTensor(entry);
        _hash.Append(bytes);
    }

    /// <summary>Adds a tensor's name, dtype and shape; its bytes follow through <see cref="AppendData"/>.</summary>
    public void BeginTensor(SafeTensorEntry entry)
    {
        AddString(entry.Name);
        AddString(entry.DType);
        Span<byte> dim = stackalloc byte[8];
        foreach (long d in entry.Shape)
        {
            BinaryPrimitives.WriteInt64LittleEndian(dim, d);
            _hash.Append(dim);
        }
    }

    /// <summary>Adds a piece of the current tensor's bytes.</summary>
    public void AppendData(ReadOnlySpan<byte> bytes) => _hash.Append(bytes);

    private void AddString(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        _hash.Append(length);
        _hash.Append(bytes);
    }
}
