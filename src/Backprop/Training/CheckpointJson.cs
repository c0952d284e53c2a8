using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backprop.Training;

/// <summary>
/// How a checkpoint's JSON holds numbers exactly: a finite double is a JSON number written in its shortest round-trip
/// form (so it reads back to the same bits, −0 included); NaN and ±∞, which JSON numbers cannot express, are the strings
/// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>. Every read failure is an <see cref="InvalidDataException"/>
/// naming what was expected.
/// </summary>
internal static class CheckpointJson
{
    /// <summary>Limits for parsing a checkpoint's state (it has passed the file's checksum, but is still data).</summary>
    public static JsonDocumentOptions ParseOptions { get; } = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    public static JsonNode Number(double value)
        => double.IsFinite(value)
            ? JsonValue.Create(value)
            : JsonValue.Create(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");

    public static JsonNode? NumberOrNull(double? value) => value is double v ? Number(v) : null;

    public static double ReadDouble(JsonNode? node, string what)
    {
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d))
            {
                return d;
            }

            if (v.TryGetValue(out string? s))
            {
                switch (s)
                {
                    case "NaN": return double.NaN;
                    case "Infinity": return double.PositiveInfinity;
                    case "-Infinity": return double.NegativeInfinity;
                }
            }
        }

        throw Bad(what, "a number");
    }

    public static double? ReadNullableDouble(JsonNode? node, string what) => node is null ? null : ReadDouble(node, what);

    public static long ReadInt64(JsonNode? node, string what)
        => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long l) ? l : throw Bad(what, "an integer");

    public static int ReadInt32(JsonNode? node, string what)
    {
        long l = ReadInt64(node, what);
        return l is >= int.MinValue and <= int.MaxValue ? (int)l : throw Bad(what, "a 32-bit integer");
    }

    public static int? ReadNullableInt32(JsonNode? node, string what) => node is null ? null : ReadInt32(node, what);

    public static bool ReadBoolean(JsonNode? node, string what)
        => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : throw Bad(what, "true or false");

    public static string ReadString(JsonNode? node, string what)
        => node is JsonValue v && v.TryGetValue(out string? s) ? s : throw Bad(what, "a string");

    public static string? ReadNullableString(JsonNode? node, string what) => node is null ? null : ReadString(node, what);

    public static JsonObject ReadObject(JsonNode? node, string what) => node as JsonObject ?? throw Bad(what, "an object");

    public static JsonArray ReadArray(JsonNode? node, string what) => node as JsonArray ?? throw Bad(what, "an array");

    /// <summary>Parses a checkpoint's state, refusing malformed JSON, duplicate keys and deep nesting.</summary>
    public static JsonObject Parse(string json, string what)
    {
        try
        {
            using (var document = JsonDocument.Parse(json, ParseOptions))
            {
                Serialization.SafeTensorsHeader.CheckStrings(document.RootElement, what);
            }

            return JsonNode.Parse(json, documentOptions: ParseOptions) as JsonObject ?? throw Bad(what, "a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The checkpoint's {what} is not valid JSON ({e.Message}).", e);
        }
    }

    public static InvalidDataException Bad(string what, string expected)
        => new($"The checkpoint's {what} is not {expected}.");

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The first place where two JSON values differ, as "path is X in the checkpoint, Y in the model", or null.</summary>
    public static string? FirstDifference(JsonNode? then, JsonNode? now, string path)
    {
        if (then is JsonObject a && now is JsonObject b)
        {
            foreach (var key in a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key)))
            {
                string where = path.Length == 0 ? key : $"{path}.{key}";
                if (!a.ContainsKey(key) || !b.ContainsKey(key))
                {
                    return $"{where} is {(a.ContainsKey(key) ? Show(a[key]) : "absent")} in the checkpoint, {(b.ContainsKey(key) ? Show(b[key]) : "absent")} in the model";
                }

                if (FirstDifference(a[key], b[key], where) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        if (then is JsonArray x && now is JsonArray y)
        {
            for (int i = 0; i < Math.Min(x.Count, y.Count); i++)
            {
                string name = x[i] is JsonObject o && o["name"] is JsonValue v && v.TryGetValue(out string? n) ? $" ({n})" : "";
                if (FirstDifference(x[i], y[i], $"{path}[{i}]{name}") is { } found)
                {
                    return found;
                }
            }

            return x.Count == y.Count ? null : $"{path} has {x.Count} entries in the checkpoint, {y.Count} in the model";
        }

        string s1 = Show(then), s2 = Show(now);
        return s1 == s2 ? null : $"{path} is {s1} in the checkpoint, {s2} in the model";

        static string Show(JsonNode? node)
        {
            string text = node?.ToJsonString() ?? "null";
            return text.Length <= 200 ? text : text[..200] + "…";
        }
    }
}
