using System.Text;
using Backprop.Onnx.Proto;
using Google.Protobuf;

namespace Backprop.Onnx;

/// <summary>A named attribute of an ONNX node (<c>alpha</c>, <c>axis</c>, <c>transB</c>, …), made by the static
/// factories and passed to <see cref="OnnxGraph.AddNode"/>.</summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class OnnxAttribute
{
    private OnnxAttribute(AttributeProto proto) => Proto = proto;

    /// <summary>The attribute's name.</summary>
    public string Name => Proto.Name;

    internal AttributeProto Proto { get; }

    /// <summary>A float attribute (ONNX stores attribute floats in single precision).</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The attribute.</returns>
    public static OnnxAttribute Float(string name, float value) => new(New(name, AttributeProto.Types.AttributeType.Float, a => a.F = value));

    /// <summary>An integer attribute.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The attribute.</returns>
    public static OnnxAttribute Int(string name, long value) => new(New(name, AttributeProto.Types.AttributeType.Int, a => a.I = value));

    /// <summary>A list-of-integers attribute.</summary>
    /// <param name="name">The name.</param>
    /// <param name="values">The values.</param>
    /// <returns>The attribute.</returns>
    public static OnnxAttribute Ints(string name, params long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(New(name, AttributeProto.Types.AttributeType.Ints, a => a.Ints.AddRange(values)));
    }

    /// <summary>A string attribute (UTF-8).</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The attribute.</returns>
    public static OnnxAttribute String(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(New(name, AttributeProto.Types.AttributeType.String, a => a.S = ByteString.CopyFrom(value, Encoding.UTF8)));
    }

    private static AttributeProto New(string name, AttributeProto.Types.AttributeType type, Action<AttributeProto> set)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var a = new AttributeProto { Name = name, Type = type };
        set(a);
        return a;
    }
}
