using System.Buffers.Binary;
using System.Text.Json;

namespace Backprop.Serialization;

/// <summary>
/// The safetensors container (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N,
/// N bytes of UTF-8 JSON mapping each tensor name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> plus an
/// optional <c>"__metadata__"</c> object of strings, then the data section, whose byte ranges must be contiguous,
/// non-overlapping and cover it exactly (no holes). This type writes and validates headers; it never allocates more
/// than the capped header before everything in it has been checked.
/// </summary>
internal static class SafeTensorsHeader
{
    /// <summary>The key of the metadata object.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Serialises a header for <paramref name="entries"/> (in data order) and <paramref name="metadata"/>, padded with spaces to a multiple of 8 bytes.</summary>
    public static byte[] Write(IReadOnlyList<SafeTensorEntry> entries, IReadOnlyDictionary<string, string> metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            foreach (var (key, value) in metadata)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            foreach (var e in entries)
            {
                json.WriteStartObject(e.Name);
                json.WriteString("dtype", e.DType);
                json.WriteStartArray("shape");
                foreach (long d in e.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(e.Begin);
                json.WriteNumberValue(e.End);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        int length = (int)buffer.Length;
        int padded = (length + 7) & ~7; // the reference writer aligns the data section to 8 bytes with spaces
        var header = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)padded);
        buffer.GetBuffer().AsSpan(0, length).CopyTo(header.AsSpan(8));
        header.AsSpan(8 + length).Fill((byte)' ');
        return header;
    }

    /// <summary>
    /// Reads and validates the header at the start of <paramref name="stream"/>. On return the stream is positioned at
    /// the data section.
    /// </summary>
    /// <param name="stream">The file.</param>
    /// <param name="limits">Size caps.</param>
    /// <param name="dataLength">The data section's length, or null when the stream cannot tell (it is then checked against the entries as they are read).</param>
    /// <returns>The entries sorted by offset, and the metadata.</returns>
    /// <exception cref="InvalidDataException">Anything wrong, named.</exception>
    public static (List<SafeTensorEntry> Entries, Dictionary<string, string> Metadata) Read(Stream stream, ModelLoadOptions limits, out long? dataLength)
    {
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, "the 8-byte header length");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        long? remaining = stream.CanSeek ? stream.Length - stream.Position : null;
        if (n == 0 || n > (ulong)limits.MaxHeaderBytes)
        {
            throw Corrupt($"the header length is {n} bytes; it must be between 1 and {limits.MaxHeaderBytes} (ModelLoadOptions.MaxHeaderBytes)");
        }

        if (remaining is long r && (long)n > r)
        {
            throw Corrupt($"the header length is {n} bytes but only {r} bytes follow it (the file is truncated)");
        }

        var header = new byte[(int)n];
        ReadExactly(stream, header, "the header");
        dataLength = remaining - (long)n;
        return Parse(header, limits, dataLength);
    }

    private static (List<SafeTensorEntry>, Dictionary<string, string>) Parse(byte[] header, ModelLoadOptions limits, long? dataLength)
    {
        if (!System.Text.Unicode.Utf8.IsValid(header))
        {
            throw Corrupt("the header is not valid UTF-8");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header.AsMemory().TrimEnd((byte)' '), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Corrupt($"the header is not valid JSON ({e.Message})");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt("the header is not a JSON object");
            }

            CheckStrings(doc.RootElement, "the header");

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<SafeTensorEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw Corrupt($"the header names '{property.Name}' twice");
                }

                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata);
                }
                else
                {
                    entries.Add(ReadEntry(property.Name, property.Value));
                }
            }

            CheckLayout(entries, limits, dataLength);
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Corrupt($"'{MetadataKey}' is not an object of strings");
        }

        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String || !metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw Corrupt($"'{MetadataKey}.{item.Name}' is not a string, or is given twice");
            }
        }
    }

    private static SafeTensorEntry ReadEntry(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array
            || offsets.GetArrayLength() != 2)
        {
            throw Corrupt($"tensor '{name}' does not have a string 'dtype', an array 'shape' and two 'data_offsets'");
        }

        if (shape.GetArrayLength() > 8)
        {
            throw Corrupt($"tensor '{name}' has {shape.GetArrayLength()} dimensions");
        }

        var dims = shape.EnumerateArray().Select(d => NonNegative(d, $"a dimension of tensor '{name}'")).ToArray();
        long begin = NonNegative(offsets[0], $"the first data offset of tensor '{name}'");
        long end = NonNegative(offsets[1], $"the second data offset of tensor '{name}'");
        return new SafeTensorEntry(name, dtype.GetString()!, dims, begin, end);
    }

    /// <summary>Each tensor's byte range fits its dtype and shape, and the ranges tile the data section with no gap or overlap.</summary>
    private static void CheckLayout(List<SafeTensorEntry> entries, ModelLoadOptions limits, long? dataLength)
    {
        long total = 0;
        foreach (var e in entries)
        {
            int size = SafeTensorEntry.ElementSize(e.DType);
            if (size == 0)
            {
                throw Corrupt($"tensor '{e.Name}' has dtype '{e.DType}'; Backprop reads F32 and F64");
            }

            long count = e.ElementCount;
            if (count < 0 || count > Array.MaxLength || e.End < e.Begin || e.End - e.Begin != count * size)
            {
                throw Corrupt($"tensor '{e.Name}' has shape [{string.Join(", ", e.Shape)}] of {e.DType} but data_offsets [{e.Begin}, {e.End}]");
            }

            total += e.End - e.Begin;
            if (total > limits.MaxDataBytes)
            {
                throw Corrupt($"the tensors hold more than {limits.MaxDataBytes} bytes (ModelLoadOptions.MaxDataBytes)");
            }
        }

        entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        long expected = 0;
        foreach (var e in entries)
        {
            if (e.Begin != expected)
            {
                throw Corrupt($"tensor '{e.Name}' starts at byte {e.Begin} of the data but the previous tensor ends at {expected} (overlap or hole)");
            }

            expected = e.End;
        }

        if (dataLength is long length && length != expected)
        {
            throw Corrupt($"the data section is {length} bytes but the tensors cover {expected} (the file is truncated or has trailing bytes)");
        }
    }

    /// <summary>
    /// Reads every property name and string in <paramref name="element"/> once, so that an escape that is not valid
    /// UTF-16 (a lone surrogate such as <c>\udc00</c>, which System.Text.Json accepts when parsing and only refuses when
    /// the string is read) fails here, named, rather than as an <see cref="InvalidOperationException"/> later.
    /// </summary>
    /// <param name="element">A parsed document's root (its depth is capped by the parse).</param>
    /// <param name="what">What the document is, for the message.</param>
    /// <exception cref="InvalidDataException">A string or name is not valid UTF-16.</exception>
    public static void CheckStrings(JsonElement element, string what)
    {
        try
        {
            Visit(element);
        }
        catch (InvalidOperationException e)
        {
            throw Corrupt($"{what} has a string that is not valid UTF-16 ({e.Message})");
        }

        static void Visit(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in e.EnumerateObject())
                    {
                        _ = property.Name;
                        Visit(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Visit(item);
                    }

                    break;
                case JsonValueKind.String:
                    _ = e.GetString();
                    break;
            }
        }
    }

    private static long NonNegative(JsonElement value, string what)
        => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long v) && v >= 0
            ? v
            : throw Corrupt($"{what} is not a non-negative integer");

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes or throws naming <paramref name="what"/>.</summary>
    public static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
        {
            throw Corrupt($"the file is truncated: it ends inside {what} (read {read} of {buffer.Length} bytes)");
        }
    }

    /// <summary>An <see cref="InvalidDataException"/> for a model file.</summary>
    public static InvalidDataException Corrupt(string problem) => new($"Not a valid Backprop model file: {problem}.");
}
