using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Layers;
using Backprop.Regularization;

namespace Backprop.Serialization;

/// <summary>
/// The architecture JSON of a model file: <c>{"model": "Sequential", "input_features": n, "layers": [{"type", "name",
/// "config", "activity_regularizer", "frozen"}]}</c>, every type named through the <see cref="ModelRegistry"/>.
/// </summary>
internal static class Architecture
{
    private const int MaxLayers = 10_000;
    private const int MaxInputFeatures = 1 << 26;

    /// <summary>The tensor name of a layer's parameter: <c>layer/parameter</c>.</summary>
    public static string TensorName<T>(Layer<T> layer, Parameter<T> parameter)
        where T : unmanaged, IFloatingPointIeee754<T>
        => layer.Name + "/" + LocalName(layer, parameter);

    /// <summary>Serialises the layers; appends each parameter to <paramref name="tensors"/> in order.</summary>
    public static string Write<T>(IReadOnlyList<Layer<T>> layers, int inputFeatures, ModelRegistry registry, List<NamedTensor<T>> tensors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var array = new JsonArray();
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var serializer = registry.LayerSerializerFor(layer);
            var config = new ComponentConfig($"layers[{i}] ({layer.Name})", [], registry);
            serializer.WriteConfig(layer, config);
            var entry = new ComponentConfig(config.Where, [], registry);
            entry.Set("type", serializer.TypeName);
            entry.Set("name", layer.Name);
            entry.Values["config"] = config.Values;
            entry.SetComponent("activity_regularizer", layer.ActivityRegularizer);
            var frozen = new JsonArray();
            foreach (var p in layer.Parameters)
            {
                tensors.Add(new NamedTensor<T>(TensorName(layer, p), [p.Value.Rows, p.Value.Columns], p.Value.Memory));
                if (!p.Trainable)
                {
                    frozen.Add((JsonNode)LocalName(layer, p));
                }
            }

            entry.Values["frozen"] = frozen;
            array.Add((JsonNode)entry.Values);
        }

        var root = new JsonObject { ["model"] = "Sequential", ["input_features"] = inputFeatures, ["layers"] = array };
        return root.ToJsonString();
    }

    /// <summary>Creates and builds the layers an architecture describes (weights initialised, to be overwritten).</summary>
    /// <exception cref="InvalidDataException">Anything wrong, named with the layer's index and name.</exception>
    public static (List<Layer<T>> Layers, int InputFeatures) Read<T>(string json, ModelRegistry registry)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        JsonObject root;
        try
        {
            // System.Text.Json reports two things only when a value is first read: an escape that is not valid UTF-16
            // (InvalidOperationException, even from the duplicate check below) and, when JsonObject builds its
            // dictionary, a key given twice (ArgumentException). Check the escapes first, then refuse duplicates
            // while parsing.
            using (var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 }))
            {
                SafeTensorsHeader.CheckStrings(document.RootElement, "the architecture");
            }

            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false }) as JsonObject
                ?? throw SafeTensorsHeader.Corrupt("the architecture is not a JSON object");
        }
        catch (JsonException e)
        {
            throw SafeTensorsHeader.Corrupt($"the architecture is not valid JSON ({e.Message})");
        }

        var model = new ComponentConfig("the architecture", root, registry);
        if (model.GetString("model") != "Sequential")
        {
            throw model.Bad("model", "\"Sequential\"");
        }

        int features = model.GetInt32("input_features");
        if (features < 1 || features > MaxInputFeatures)
        {
            throw model.Bad("input_features", $"between 1 and {MaxInputFeatures}");
        }

        if (root["layers"] is not JsonArray array || array.Count is 0 or > MaxLayers)
        {
            throw model.Bad("layers", $"an array of 1 to {MaxLayers} layers");
        }

        int inputFeatures = features;
        var layers = new List<Layer<T>>(array.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < array.Count; i++)
        {
            var layer = ReadLayer<T>(array[i], i, registry, names);
            Build(layer, features, $"layers[{i}] ({layer.Name})");
            ApplyFrozen(layer, new ComponentConfig($"layers[{i}] ({layer.Name})", (JsonObject)array[i]!, registry));
            features = layer.OutputFeatures;
            layers.Add(layer);
        }

        return (layers, inputFeatures);
    }

    private static Layer<T> ReadLayer<T>(JsonNode? node, int index, ModelRegistry registry, HashSet<string> names)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (node is not JsonObject o)
        {
            throw SafeTensorsHeader.Corrupt($"layers[{index}] is not an object");
        }

        var entry = new ComponentConfig($"layers[{index}]", o, registry);
        string type = entry.GetString("type");
        string name = entry.GetString("name");
        if (name.Length is 0 or > 200 || name.Contains('/', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal) || !names.Add(name))
        {
            throw entry.Bad("name", "a unique name of 1 to 200 characters without '/' or ':'");
        }

        var serializer = registry.LayerNamed(type)
            ?? throw SafeTensorsHeader.Corrupt($"layers[{index}] ({name}): the layer type '{type}' is not registered (register custom layers with ModelRegistry.Register before loading)");
        if (o["config"] is not JsonObject config)
        {
            throw entry.Bad("config", "an object");
        }

        string where = $"layers[{index}] ({name})";
        try
        {
            var layer = serializer.Create<T>(new ComponentConfig(where, config, registry));
            layer.Name = name;
            layer.ActivityRegularizer = new ComponentConfig(where, o, registry).GetComponentOrNull<Regularizer>("activity_regularizer");
            return layer;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidCastException or InvalidOperationException or OverflowException)
        {
            throw SafeTensorsHeader.Corrupt($"{where}: its configuration is refused by the {type} layer ({e.Message})");
        }
    }

    private static void Build<T>(Layer<T> layer, int features, string where)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        try
        {
            layer.Build(features, seed: 0);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or OutOfMemoryException)
        {
            throw SafeTensorsHeader.Corrupt($"{where}: it cannot be built for {features} input features ({e.Message})");
        }
    }

    private static void ApplyFrozen<T>(Layer<T> layer, ComponentConfig entry)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (entry.Values["frozen"] is not JsonArray frozen)
        {
            throw entry.Bad("frozen", "an array of parameter names");
        }

        foreach (var item in frozen)
        {
            string? name = item is JsonValue v && v.TryGetValue(out string? s) ? s : null;
            var parameter = layer.Parameters.FirstOrDefault(p => LocalName(layer, p) == name)
                ?? throw entry.Bad("frozen", $"names of {layer.Name}'s parameters");
            parameter.Trainable = false;
        }
    }

    private static string LocalName<T>(Layer<T> layer, Parameter<T> parameter)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string prefix = layer.Name + "/";
        return parameter.Name.StartsWith(prefix, StringComparison.Ordinal) ? parameter.Name[prefix.Length..] : parameter.Name;
    }
}
