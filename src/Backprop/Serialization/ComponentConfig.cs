using System.Globalization;
using System.Text.Json.Nodes;

namespace Backprop.Serialization;

/// <summary>
/// The hyper-parameters of one saved component (a layer, activation, initializer, regularizer or constraint) as
/// named values. Writers call the <c>Set</c> methods; readers call the <c>Get</c> methods, which throw an
/// <see cref="InvalidDataException"/> naming the component and the key when a value is missing or has the wrong type.
/// </summary>
/// <remarks>Not thread-safe; each save or load uses its own instances.</remarks>
public sealed class ComponentConfig
{
    internal ComponentConfig(string where, JsonObject values, ModelRegistry registry)
    {
        Where = where;
        Values = values;
        Registry = registry;
    }

    /// <summary>Where this component sits in the file, for messages (e.g. <c>layers[2] (dense_1)</c>).</summary>
    public string Where { get; }

    internal JsonObject Values { get; }

    internal ModelRegistry Registry { get; }

    /// <summary>Stores a number.</summary>
    /// <param name="key">The name.</param>
    /// <param name="value">The value (finite; written with full round-trip precision).</param>
    public void Set(string key, double value) => Values[key] = value;

    /// <summary>Stores an integer.</summary>
    /// <param name="key">The name.</param>
    /// <param name="value">The value.</param>
    public void Set(string key, long value) => Values[key] = value;

    /// <summary>Stores a flag.</summary>
    /// <param name="key">The name.</param>
    /// <param name="value">The value.</param>
    public void Set(string key, bool value) => Values[key] = value;

    /// <summary>Stores a string (or nothing when <paramref name="value"/> is null).</summary>
    /// <param name="key">The name.</param>
    /// <param name="value">The value.</param>
    public void Set(string key, string? value) => Values[key] = value;

    /// <summary>True when <paramref name="key"/> is present and not null.</summary>
    /// <param name="key">The name.</param>
    /// <returns>Whether a value is stored.</returns>
    public bool Has(string key) => Values[key] is not null;

    /// <summary>Reads a finite number.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">Missing, not a number, or not finite.</exception>
    public double GetDouble(string key)
        => Values[key] is JsonValue v && v.TryGetValue(out double d) && double.IsFinite(d) ? d : throw Bad(key, "a finite number");

    /// <summary>Reads a 32-bit integer.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">Missing or not an integer in range.</exception>
    public int GetInt32(string key)
        => Values[key] is JsonValue v && v.TryGetValue(out int i) ? i : throw Bad(key, "a 32-bit integer");

    /// <summary>Reads a 64-bit integer.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">Missing or not an integer in range.</exception>
    public long GetInt64(string key)
        => Values[key] is JsonValue v && v.TryGetValue(out long i) ? i : throw Bad(key, "a 64-bit integer");

    /// <summary>Reads a flag.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">Missing or not true/false.</exception>
    public bool GetBoolean(string key)
        => Values[key] is JsonValue v && v.TryGetValue(out bool b) ? b : throw Bad(key, "true or false");

    /// <summary>Reads a string.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">Missing or not a string.</exception>
    public string GetString(string key)
        => Values[key] is JsonValue v && v.TryGetValue(out string? s) ? s : throw Bad(key, "a string");

    /// <summary>Reads a string, or null when the key is absent or null.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The value or null.</returns>
    /// <exception cref="InvalidDataException">Present but not a string.</exception>
    public string? GetStringOrNull(string key) => Has(key) ? GetString(key) : null;

    /// <summary>Stores a nested component (an activation, initializer, regularizer or constraint) by its registered name, or nothing when null.</summary>
    /// <typeparam name="TComponent">The family.</typeparam>
    /// <param name="key">The name.</param>
    /// <param name="component">The component.</param>
    /// <exception cref="NotSupportedException">Its type is not registered.</exception>
    public void SetComponent<TComponent>(string key, TComponent? component)
        where TComponent : class
    {
        if (component is null)
        {
            Values[key] = null;
            return;
        }

        var serializer = Registry.SerializerFor(component);
        var nested = new ComponentConfig($"{Where}.{key}", [], Registry);
        serializer.WriteConfig(component, nested);
        Values[key] = new JsonObject { ["type"] = serializer.TypeName, ["config"] = nested.Values };
    }

    /// <summary>Reads a nested component written by <see cref="SetComponent{TComponent}"/>.</summary>
    /// <typeparam name="TComponent">The family.</typeparam>
    /// <param name="key">The name.</param>
    /// <returns>The component.</returns>
    /// <exception cref="InvalidDataException">Missing, malformed, or naming a type the registry does not hold.</exception>
    public TComponent GetComponent<TComponent>(string key)
        where TComponent : class
        => GetComponentOrNull<TComponent>(key) ?? throw Bad(key, $"a {typeof(TComponent).Name}");

    /// <summary>Reads a nested component, or null when the key is absent or null.</summary>
    /// <typeparam name="TComponent">The family.</typeparam>
    /// <param name="key">The name.</param>
    /// <returns>The component or null.</returns>
    /// <exception cref="InvalidDataException">Malformed, or naming a type the registry does not hold.</exception>
    public TComponent? GetComponentOrNull<TComponent>(string key)
        where TComponent : class
    {
        if (Values[key] is null)
        {
            return null;
        }

        if (Values[key] is not JsonObject o || o["type"] is not JsonValue t || !t.TryGetValue(out string? name) || o["config"] is not JsonObject config)
        {
            throw Bad(key, $"an object with a string 'type' and an object 'config' ({typeof(TComponent).Name})");
        }

        var serializer = Registry.ComponentNamed<TComponent>(name)
            ?? throw new InvalidDataException(
                $"Not a valid Backprop model file: {Where}.{key}: the {typeof(TComponent).Name} type '{name}' is not registered (register custom types with ModelRegistry.Register before loading).");
        return serializer.Create(new ComponentConfig($"{Where}.{key}", config, Registry));
    }

    /// <summary>An <see cref="InvalidDataException"/> naming this component, <paramref name="key"/> and what was expected.</summary>
    /// <param name="key">The key.</param>
    /// <param name="expected">What the value should have been.</param>
    /// <returns>The exception, to throw.</returns>
    public InvalidDataException Bad(string key, string expected)
        => new(string.Create(CultureInfo.InvariantCulture, $"Not a valid Backprop model file: {Where}: '{key}' must be {expected}; found {Values[key]?.ToJsonString() ?? "nothing"}."));
}
