using System.Globalization;
using System.Numerics;
using System.Reflection;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Onnx.Converters;
using Backprop.Onnx.Proto;
using Backprop.Serialization;

namespace Backprop.Onnx;

/// <summary>Builds the ONNX <c>ModelProto</c> of a <see cref="Sequential{T}"/>: one graph, layer by layer.</summary>
internal static class OnnxModelWriter
{
    /// <summary>The producer written into every file.</summary>
    public const string ProducerName = "Backprop.Onnx";

    /// <summary>The Backprop library version (its informational version).</summary>
    public static string LibraryVersion { get; } =
        typeof(Sequential<>).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The IR version that goes with an opset (ONNX's versioning table: opset 17–18 → IR 8, 19–20 → 9, 21–22 → 10, 23 → 11).</summary>
    public static long IrVersion(int opset) => opset switch
    {
        <= 18 => 8,
        <= 20 => 9,
        <= 22 => 10,
        _ => 11,
    };

    public static ModelProto Build<T>(Sequential<T> model, OnnxExportOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!model.IsBuilt)
        {
            throw new InvalidOperationException("The model is not built, so its weights would be random and it cannot be exported: train it (Fit), load it (Sequential.Load) or call Build(inputFeatures) first.");
        }

        var registry = options.Registry ?? ModelRegistry.Default;
        var g = new OnnxGraph(typeof(T), options.Opset, options.Float16Weights);
        string input = g.UniqueName(options.InputName);
        g.UniqueName(options.OutputName);
        string current = input;
        foreach (var layer in model.Layers)
        {
            g.Scope = layer.Name + "/";
            var converter = options.Converters.FirstOrDefault(c => c is not null && c.Handles(layer.GetType()));
            current = converter is not null
                ? converter.Convert(layer, g, current)
                : BuiltInLayers.TryConvert(layer, g, current, registry) ?? throw Unsupported(layer);
        }

        g.Scope = string.Empty;
        if (options.AppendSoftmax)
        {
            if (EndsInSoftmax(model.Layers[^1], registry))
            {
                throw new InvalidOperationException($"OnnxExportOptions.AppendSoftmax: the model's last layer '{model.Layers[^1].Name}' ends in a softmax already; a second one would flatten the probabilities. Export without AppendSoftmax.");
            }

            current = g.AddNode("Softmax", [current], OnnxAttribute.Int("axis", -1));
        }

        if (!g.TryRenameOutput(current, options.OutputName))
        {
            g.TryRenameOutput(g.AddNode("Identity", [current]), options.OutputName);
        }

        var graph = new GraphProto { Name = "backprop_sequential", DocString = model.Summary() };
        graph.Node.AddRange(g.Nodes);
        graph.Initializer.AddRange(g.Initializers);
        graph.Input.Add(Value(input, typeof(T), options.BatchDimension, model.InputFeatures));
        graph.Output.Add(Value(options.OutputName, typeof(T), options.BatchDimension, model.OutputFeatures));

        var proto = new ModelProto
        {
            IrVersion = IrVersion(options.Opset),
            ProducerName = ProducerName,
            ProducerVersion = LibraryVersion,
            Domain = "backprop",
            ModelVersion = options.ModelVersion,
            DocString = string.Create(CultureInfo.InvariantCulture, $"A Backprop Sequential<{typeof(T).Name}> model ({model.InputFeatures} → {model.OutputFeatures}), exported by Backprop.Onnx {LibraryVersion}."),
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = options.Opset });
        Metadata(proto, "backprop.library_version", LibraryVersion);
        Metadata(proto, "backprop.element_type", typeof(T).Name.ToLowerInvariant());
        Metadata(proto, "backprop.input_features", model.InputFeatures.ToString(CultureInfo.InvariantCulture));
        if (TryArchitecture(model, registry) is { } architecture)
        {
            Metadata(proto, "backprop.architecture", architecture);
        }

        return proto;
    }

    /// <summary>The architecture JSON the model file would hold, or null when a layer is not registered for saving
    /// (a custom layer exported through a converter only).</summary>
    private static string? TryArchitecture<T>(Sequential<T> model, ModelRegistry registry)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        try
        {
            return model.ToJson(registry);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static bool EndsInSoftmax<T>(Layer<T> layer, ModelRegistry registry)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var activation = layer switch
        {
            Dense<T> d => d.Activation,
            ActivationLayer<T> a => a.Activation,
            _ => null,
        };
        try
        {
            return activation is not null && registry.Describe(activation).TypeName == "softmax";
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    private static void Metadata(ModelProto proto, string key, string value)
        => proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });

    private static ValueInfoProto Value(string name, Type elementType, string batch, int features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batch });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = features });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = OnnxGraph.DataType(elementType), Shape = shape } },
        };
    }

    private static NotSupportedException Unsupported(object layer)
    {
        var type = layer.GetType();
        string typeName = type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(a => a.Name))}>"
            : type.Name;
        string name = layer is Layer<float> f ? f.Name : layer is Layer<double> d ? d.Name : "?";
        return new NotSupportedException(
            $"Backprop.Onnx cannot export layer '{name}' of type {typeName}: it is not a built-in layer. " +
            $"Write its ONNX nodes with an OnnxLayerConverter (LayerType = typeof({typeName.Split('<')[0]}{(type.IsGenericType ? "<>" : string.Empty)})) in OnnxExportOptions.Converters (see docs/onnx.md).");
    }
}
