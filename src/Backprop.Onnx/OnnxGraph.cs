using System.Globalization;
using System.Numerics;
using Backprop.Onnx.Proto;
using Google.Protobuf;

namespace Backprop.Onnx;

/// <summary>
/// The ONNX graph being written, as layer converters see it: weights and constants (initializers) and nodes, each
/// value named uniquely. Built-in layers are written through the same methods a custom
/// <see cref="OnnxLayerConverter"/> uses.
/// </summary>
/// <remarks>Thread safety: not thread-safe; one export owns it.</remarks>
public sealed class OnnxGraph
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly bool _float16Weights;
    private readonly Dictionary<double, string> _constants = [];

    internal OnnxGraph(Type elementType, int opset, bool float16Weights)
    {
        ElementType = elementType;
        Opset = opset;
        _float16Weights = float16Weights;
    }

    /// <summary>The model's element type, <see cref="float"/> or <see cref="double"/>: every value between layers has it.</summary>
    public Type ElementType { get; }

    /// <summary>The opset the graph is written for.</summary>
    public int Opset { get; }

    internal List<NodeProto> Nodes { get; } = [];

    internal List<TensorProto> Initializers { get; } = [];

    /// <summary>Reserves and returns a value name not used yet: <paramref name="hint"/>, or it with a numeric suffix.</summary>
    /// <param name="hint">The wanted name (e.g. <c>dense_1/kernel</c>).</param>
    /// <returns>The unique name.</returns>
    public string UniqueName(string hint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hint);
        string name = hint;
        for (int i = 1; !_names.Add(name); i++)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{hint}_{i}");
        }

        return name;
    }

    /// <summary>Adds a weight tensor (a trained parameter) of the model's element type. With
    /// <see cref="OnnxExportOptions.Float16Weights"/> it is stored as float16 and cast back, and the cast's output is returned.</summary>
    /// <typeparam name="T">The model's element type.</typeparam>
    /// <param name="name">The wanted name (made unique).</param>
    /// <param name="values">The values, row-major.</param>
    /// <param name="dims">The shape; its product must equal the number of values.</param>
    /// <returns>The name of the value holding the weight in the model's element type.</returns>
    public string AddWeight<T>(string name, ReadOnlySpan<T> values, params ReadOnlySpan<long> dims)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckElementType<T>();
        CheckShape(values.Length, dims);
        if (!_float16Weights)
        {
            return AddTensor(name, values, dims);
        }

        var half = new Half[values.Length];
        for (int i = 0; i < half.Length; i++)
        {
            half[i] = Half.CreateTruncating(values[i]);
        }

        string stored = AddTensor(name + "_f16", (ReadOnlySpan<Half>)half, dims);
        return AddNode("Cast", [stored], OnnxAttribute.Int("to", DataType(ElementType)));
    }

    /// <summary>Adds a weight from a parameter tensor, keeping its <c>[rows, columns]</c> shape.</summary>
    /// <typeparam name="T">The model's element type.</typeparam>
    /// <param name="name">The wanted name.</param>
    /// <param name="value">The tensor.</param>
    /// <returns>The name of the value holding the weight in the model's element type.</returns>
    public string AddWeight<T>(string name, Tensor2D<T> value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(value);
        return AddWeight(name, (ReadOnlySpan<T>)value.Span, value.Rows, value.Columns);
    }

    /// <summary>Adds a scalar constant of the model's element type (one initializer per value), stored exactly (never as float16): use it for
    /// formula constants such as 0.5 or √2, which ONNX attributes would round to single precision.</summary>
    /// <param name="name">The wanted name.</param>
    /// <param name="value">The value, rounded once to the element type.</param>
    /// <returns>The constant's name.</returns>
    public string AddConstant(string name, double value)
    {
        if (!_constants.TryGetValue(value, out string? existing))
        {
            existing = ElementType == typeof(float) ? AddTensor(name, [(float)value], []) : AddTensor(name, [value], []);
            _constants.Add(value, existing);
        }

        return existing;
    }

    /// <summary>Adds a 1-D int64 constant (axes, shapes).</summary>
    /// <param name="name">The wanted name.</param>
    /// <param name="values">The values.</param>
    /// <returns>The constant's name.</returns>
    public string AddInt64s(string name, params ReadOnlySpan<long> values)
    {
        var t = new TensorProto { Name = UniqueName(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Length);
        foreach (long v in values)
        {
            t.Int64Data.Add(v);
        }

        Initializers.Add(t);
        return t.Name;
    }

    /// <summary>Adds a node of the standard ONNX domain with one output.</summary>
    /// <param name="opType">The operator (e.g. <c>Gemm</c>, <c>Relu</c>).</param>
    /// <param name="inputs">Its inputs' names, in the operator's order (an empty string skips an optional input).</param>
    /// <param name="attributes">Its attributes.</param>
    /// <returns>The name of its output value.</returns>
    public string AddNode(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(attributes);
        string output = UniqueName(Scope + opType);
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        foreach (var a in attributes)
        {
            node.Attribute.Add(a.Proto);
        }

        Nodes.Add(node);
        return output;
    }

    /// <summary>The prefix of node and value names while a layer is written (its name and a slash).</summary>
    internal string Scope { get; set; } = string.Empty;

    /// <summary>Renames the value a node produced (the last layer's output becomes the graph output).</summary>
    internal bool TryRenameOutput(string from, string to)
    {
        var node = Nodes.LastOrDefault(n => n.Output.Contains(from));
        if (node is null || Nodes.Any(n => n.Input.Contains(from)))
        {
            return false;
        }

        node.Output[node.Output.IndexOf(from)] = to;
        _names.Add(to);
        return true;
    }

    /// <summary>The ONNX data type number of a .NET element type.</summary>
    internal static int DataType(Type type)
        => type == typeof(float) ? (int)TensorProto.Types.DataType.Float
            : type == typeof(double) ? (int)TensorProto.Types.DataType.Double
            : type == typeof(Half) ? (int)TensorProto.Types.DataType.Float16
            : throw new NotSupportedException($"ONNX export supports float and double models; got {type.Name}.");

    private string AddTensor<TValue>(string name, ReadOnlySpan<TValue> values, ReadOnlySpan<long> dims)
        where TValue : unmanaged
    {
        var t = new TensorProto { Name = UniqueName(name), DataType = DataType(typeof(TValue)) };
        foreach (long d in dims)
        {
            t.Dims.Add(d);
        }

        t.RawData = ByteString.CopyFrom(LittleEndianBytes(values));
        Initializers.Add(t);
        return t.Name;
    }

    /// <summary>ONNX raw_data is little-endian IEEE 754 whatever the machine.</summary>
    private static byte[] LittleEndianBytes<TValue>(ReadOnlySpan<TValue> values)
        where TValue : unmanaged
    {
        byte[] bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            int size = bytes.Length / Math.Max(values.Length, 1);
            for (int i = 0; i < bytes.Length; i += size)
            {
                bytes.AsSpan(i, size).Reverse();
            }
        }

        return bytes;
    }

    private void CheckElementType<T>()
    {
        if (typeof(T) != ElementType)
        {
            throw new ArgumentException($"The graph's element type is {ElementType.Name}; a weight of {typeof(T).Name} cannot be added.", nameof(T));
        }
    }

    private static void CheckShape(int count, ReadOnlySpan<long> dims)
    {
        long product = 1;
        foreach (long d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(dims), d, $"'dims' must be ≥ 0; got {d}.");
            }

            product *= d;
        }

        if (product != count)
        {
            throw new ArgumentException($"'dims' must multiply to the number of values ({count}); got {product}.", nameof(dims));
        }
    }
}
