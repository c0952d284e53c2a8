using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Layers;

namespace Backprop.Serialization;

/// <summary>
/// A weights-only file: the same safetensors container, metadata and checksum as a model file, with the parameters
/// named <c>layer/parameter</c>, but no architecture (<c>content</c> = <c>weights</c>). It loads only into an existing,
/// built model with the same parameter names and shapes (Keras' <c>save_weights</c>/<c>load_weights</c>).
/// </summary>
internal static class WeightsFile
{
    /// <summary>Writes every parameter of <paramref name="layers"/>.</summary>
    public static void Write<T>(Stream stream, IReadOnlyList<Layer<T>> layers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new List<NamedTensor<T>>();
        foreach (var layer in layers)
        {
            foreach (var p in layer.Parameters)
            {
                tensors.Add(new NamedTensor<T>(Architecture.TensorName(layer, p), [p.Value.Rows, p.Value.Columns], p.Value.Memory));
            }
        }

        var metadata = ModelFile.CommonMetadata<T>();
        metadata[ModelFile.ContentKey] = ModelFile.WeightsContent;
        ModelFile.WriteTensors(stream, tensors, metadata);
    }

    /// <summary>
    /// Reads a weights file — or the parameters of a model file or checkpoint — into the parameters of
    /// <paramref name="layers"/>: every parameter needs a tensor of its name and shape; other tensors are refused
    /// unless their name has a ':' (a checkpoint's optimizer and callback state). All or nothing: the parameters
    /// change only once the whole file has been read and its checksum verified.
    /// </summary>
    /// <exception cref="InvalidDataException">Anything wrong with the file or a mismatch with the model, named.</exception>
    public static void Read<T>(Stream stream, ModelLoadOptions options, IReadOnlyList<Layer<T>> layers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (entries, metadata) = SafeTensorsHeader.Read(stream, options, out long? dataLength);
        ModelFile.CheckCommonMetadata<T>(metadata);
        var targets = Targets(layers, entries);
        var hash = new TensorChecksum();
        hash.AddMetadata(metadata.Where(kv => kv.Key != TensorChecksum.Key));
        var values = new Dictionary<string, T[]>(StringComparer.Ordinal);
        byte[] skip = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            foreach (var e in entries)
            {
                hash.BeginTensor(e);
                if (targets.TryGetValue(e.Name, out var parameter))
                {
                    var data = new T[parameter.Length];
                    var bytes = MemoryMarshal.AsBytes(data.AsSpan());
                    SafeTensorsHeader.ReadExactly(stream, bytes, $"the data of tensor '{e.Name}'");
                    hash.AppendData(bytes);
                    ModelFile.FromLittleEndian(data.AsSpan());
                    values.Add(e.Name, data);
                    continue;
                }

                // State that is not a parameter: hashed, not kept.
                for (long left = e.End - e.Begin; left > 0;)
                {
                    var chunk = skip.AsSpan(0, (int)Math.Min(left, skip.Length));
                    SafeTensorsHeader.ReadExactly(stream, chunk, $"the data of tensor '{e.Name}'");
                    hash.AppendData(chunk);
                    left -= chunk.Length;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(skip);
        }

        if (dataLength is null && stream.ReadByte() >= 0)
        {
            throw SafeTensorsHeader.Corrupt("bytes follow the last tensor");
        }

        if (!string.Equals(hash.Text, metadata[TensorChecksum.Key], StringComparison.Ordinal))
        {
            throw SafeTensorsHeader.Corrupt($"the checksum does not match (stored {metadata[TensorChecksum.Key]}, computed {hash.Text}): the file is corrupt");
        }

        foreach (var (name, parameter) in targets)
        {
            values[name].CopyTo(parameter.Value.Span);
        }
    }

    private static Dictionary<string, Parameter<T>> Targets<T>(IReadOnlyList<Layer<T>> layers, List<SafeTensorEntry> entries)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ParameterTensors.Match(layers, entries, allowExtraTensors: true, "the model", "the model's parameter is", Mismatch);

    private static InvalidDataException Mismatch(string problem) => new($"The file's weights do not fit this model: {problem}.");
}
