using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using Backprop.Layers;

namespace Backprop.Serialization;

/// <summary>
/// Backprop's model file: a safetensors file whose tensors are the parameters (named <c>layer/parameter</c>, shape
/// <c>[rows, columns]</c>, little-endian F32 or F64) and whose <c>__metadata__</c> holds the format name and version,
/// the library version, the element type, the architecture as JSON, and an XxHash3 checksum over the metadata and
/// every tensor. Checkpoints add tensors (optimizer state) and metadata (training state) to the same container.
/// </summary>
internal static class ModelFile
{
    public const string FormatName = "backprop";
    public const int FormatVersion = 1;
    public const string ArchitectureKey = "architecture";

    /// <summary>The metadata key of a training checkpoint's state (JSON); its presence makes the file a checkpoint.</summary>
    public const string CheckpointKey = "checkpoint";

    /// <summary>The metadata key that marks a weights-only file (value <see cref="WeightsContent"/>).</summary>
    public const string ContentKey = "content";

    /// <summary>The <see cref="ContentKey"/> of a weights-only file (no architecture).</summary>
    public const string WeightsContent = "weights";

    private const string ChecksumKey = TensorChecksum.Key;

    /// <summary>Writes layers (built), optional extra tensors and metadata to <paramref name="stream"/>.</summary>
    public static void Write<T>(
        Stream stream,
        IReadOnlyList<Layer<T>> layers,
        int inputFeatures,
        ModelRegistry registry,
        IReadOnlyList<NamedTensor<T>>? extraTensors = null,
        IReadOnlyDictionary<string, string>? extraMetadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new List<NamedTensor<T>>();
        var architecture = Architecture.Write(layers, inputFeatures, registry, tensors);
        tensors.AddRange(extraTensors ?? []);
        var metadata = CommonMetadata<T>();
        metadata[ArchitectureKey] = architecture;
        foreach (var (k, v) in extraMetadata ?? new Dictionary<string, string>())
        {
            metadata.Add(k, v);
        }

        WriteTensors(stream, tensors, metadata);
    }

    /// <summary>The metadata every Backprop file starts with: format, version, library version, element type.</summary>
    public static SortedDictionary<string, string> CommonMetadata<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => new(StringComparer.Ordinal)
        {
            ["format"] = FormatName,
            ["format_version"] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            ["library_version"] = LibraryVersion,
            ["dtype"] = DTypeName<T>(),
        };

    /// <summary>Writes a safetensors file of <paramref name="tensors"/>, in order, with <paramref name="metadata"/> and its checksum added.</summary>
    public static void WriteTensors<T>(Stream stream, IReadOnlyList<NamedTensor<T>> tensors, SortedDictionary<string, string> metadata)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var entries = new List<SafeTensorEntry>(tensors.Count);
        long offset = 0;
        int size = SafeTensorEntry.ElementSize(DTypeName<T>());
        foreach (var t in tensors)
        {
            long bytes = (long)t.Data.Length * size;
            entries.Add(new SafeTensorEntry(t.Name, DTypeName<T>(), t.Shape, offset, offset + bytes));
            offset += bytes;
        }

        var hash = new TensorChecksum();
        hash.AddMetadata(metadata);
        for (int i = 0; i < tensors.Count; i++)
        {
            hash.AddTensor(entries[i], AsLittleEndianBytes(tensors[i].Data.Span));
        }

        metadata[ChecksumKey] = hash.Text;
        stream.Write(SafeTensorsHeader.Write(entries, metadata));
        foreach (var t in tensors)
        {
            stream.Write(AsLittleEndianBytes(t.Data.Span));
        }
    }

    /// <summary>Reads and validates a file written by <see cref="Write{T}"/>.</summary>
    /// <exception cref="InvalidDataException">Anything wrong with the file, named.</exception>
    public static LoadedModel<T> Read<T>(Stream stream, ModelLoadOptions options, bool allowExtraTensors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!stream.CanSeek)
        {
            // Without a length, a header could claim gigabytes the stream does not hold and the model would be
            // allocated before the shortfall shows: read the bytes first (capped), so allocation follows real data.
            using var copy = Buffer(stream, options);
            return Read<T>(copy, options, allowExtraTensors);
        }

        var (entries, metadata) = SafeTensorsHeader.Read(stream, options, out long? dataLength);
        CheckMetadata<T>(metadata);
        allowExtraTensors |= metadata.ContainsKey(CheckpointKey); // a checkpoint is a model file plus training state
        var hash = new TensorChecksum();
        hash.AddMetadata(metadata.Where(kv => kv.Key != ChecksumKey));
        long elements = entries.Sum(e => e.ElementCount);
        List<Layer<T>> layers;
        int inputFeatures;
        using (AllocationBudget.Limit(elements))
        {
            (layers, inputFeatures) = Architecture.Read<T>(metadata[ArchitectureKey], options.Registry);
        }

        var targets = ParameterTargets(layers, entries, allowExtraTensors);
        var extras = new Dictionary<string, NamedTensor<T>>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            Span<T> destination;
            if (targets.TryGetValue(e.Name, out var parameter))
            {
                destination = parameter.Value.Span;
            }
            else
            {
                var extra = new NamedTensor<T>(e.Name, e.Shape, new T[e.ElementCount]);
                extras.Add(e.Name, extra);
                destination = extra.Data.Span;
            }

            var bytes = MemoryMarshal.AsBytes(destination);
            SafeTensorsHeader.ReadExactly(stream, bytes, $"the data of tensor '{e.Name}'");
            hash.AddTensor(e, bytes);
            FromLittleEndian(destination);
        }

        if (dataLength is null && stream.ReadByte() >= 0)
        {
            throw SafeTensorsHeader.Corrupt("bytes follow the last tensor");
        }

        if (!string.Equals(hash.Text, metadata[ChecksumKey], StringComparison.Ordinal))
        {
            throw SafeTensorsHeader.Corrupt($"the checksum does not match (stored {metadata[ChecksumKey]}, computed {hash.Text}): the file is corrupt");
        }

        return new LoadedModel<T>(layers, inputFeatures, metadata, extras);
    }

    private static MemoryStream Buffer(Stream stream, ModelLoadOptions options)
    {
        long cap = 8L + options.MaxHeaderBytes + options.MaxDataBytes;
        var copy = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (copy.Length + read > cap)
            {
                throw SafeTensorsHeader.Corrupt($"the stream holds more than the {cap} bytes ModelLoadOptions allows");
            }

            copy.Write(chunk, 0, read);
        }

        copy.Position = 0;
        return copy;
    }

    /// <summary>The element type's safetensors dtype.</summary>
    public static string DTypeName<T>() => typeof(T) == typeof(float) ? "F32" : "F64";

    /// <summary>The library version written into every file.</summary>
    public static string LibraryVersion { get; } =
        typeof(ModelFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static void CheckMetadata<T>(Dictionary<string, string> metadata)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (metadata.GetValueOrDefault("format") == FormatName && metadata.GetValueOrDefault(ContentKey) == WeightsContent)
        {
            throw SafeTensorsHeader.Corrupt(
                "it is a weights-only file (written by SaveWeights or ModelCheckpoint with saveWeightsOnly): it holds no architecture; create the model and call LoadWeights");
        }

        if (metadata.GetValueOrDefault("format") != FormatName || !metadata.ContainsKey(ArchitectureKey))
        {
            throw SafeTensorsHeader.Corrupt("it is a safetensors file without a Backprop architecture (its __metadata__ lacks format=backprop)");
        }

        CheckCommonMetadata<T>(metadata);
    }

    /// <summary>Checks what every Backprop file has: format name, a readable version, the element type, a checksum.</summary>
    /// <exception cref="InvalidDataException">One of them is missing or does not fit.</exception>
    public static void CheckCommonMetadata<T>(Dictionary<string, string> metadata)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (metadata.GetValueOrDefault("format") != FormatName)
        {
            throw SafeTensorsHeader.Corrupt("it is a safetensors file but not a Backprop one (its __metadata__ lacks format=backprop)");
        }

        if (!int.TryParse(metadata.GetValueOrDefault("format_version"), NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
        {
            throw SafeTensorsHeader.Corrupt($"the format version '{metadata.GetValueOrDefault("format_version")}' is not a positive integer");
        }

        if (version > FormatVersion)
        {
            throw SafeTensorsHeader.Corrupt($"it was written in format version {version} by Backprop {metadata.GetValueOrDefault("library_version")}; this Backprop reads up to version {FormatVersion}");
        }

        if (metadata.GetValueOrDefault("dtype") != DTypeName<T>())
        {
            throw SafeTensorsHeader.Corrupt(
                $"it holds {metadata.GetValueOrDefault("dtype")} weights but is loaded as {typeof(T).Name} ({DTypeName<T>()}); load it with the matching element type");
        }

        if (metadata.GetValueOrDefault(ChecksumKey) is not { Length: > 0 })
        {
            throw SafeTensorsHeader.Corrupt("its __metadata__ has no checksum");
        }
    }

    /// <summary>Maps each tensor name to the built parameter it fills, checking shapes; every parameter needs a tensor.</summary>
    private static Dictionary<string, Parameter<T>> ParameterTargets<T>(List<Layer<T>> layers, List<SafeTensorEntry> entries, bool allowExtraTensors)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ParameterTensors.Match(layers, entries, allowExtraTensors, "the architecture", "the architecture makes it", SafeTensorsHeader.Corrupt);

    /// <summary>The values as little-endian bytes (a view on little-endian machines, a swapped copy otherwise).</summary>
    public static ReadOnlySpan<byte> AsLittleEndianBytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.AsBytes(values);
        }

        var copy = MemoryMarshal.AsBytes(values).ToArray();
        ReverseElements(copy, Marshal.SizeOf<T>());
        return copy;
    }

    /// <summary>Turns values read as little-endian bytes into native order, in place.</summary>
    public static void FromLittleEndian<T>(Span<T> values)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            ReverseElements(MemoryMarshal.AsBytes(values), Marshal.SizeOf<T>());
        }
    }

    private static void ReverseElements(Span<byte> bytes, int size)
    {
        for (int i = 0; i < bytes.Length; i += size)
        {
            bytes.Slice(i, size).Reverse();
        }
    }
}
