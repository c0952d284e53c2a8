using System.Text.Json.Nodes;

namespace Backprop.Training;

/// <summary>
/// What a callback must remember for an exact resume, written by <see cref="Callback.SaveState"/> into a training
/// checkpoint and handed back to <see cref="Callback.LoadState"/> when <c>Fit</c> resumes from it: named numbers,
/// flags, strings, JSON and copies of the model's weights (stored as tensors of the checkpoint file).
/// </summary>
/// <remarks>
/// Numbers round-trip exactly (NaN and ±∞ included). A getter for a key that was never set throws an
/// <see cref="InvalidDataException"/> naming the callback and the key, so a checkpoint written by another version of a
/// callback fails clearly instead of resuming with a default.
/// <para>Thread safety: not thread-safe; one callback writes or reads its own instance on the thread that runs Fit.</para>
/// </remarks>
public sealed class CallbackState
{
    private readonly JsonObject _values;
    private readonly Dictionary<string, WeightsSnapshot?> _weights;

    internal CallbackState(string owner)
        : this(owner, new JsonObject(), new Dictionary<string, WeightsSnapshot?>(StringComparer.Ordinal))
    {
    }

    internal CallbackState(string owner, JsonObject values, Dictionary<string, WeightsSnapshot?> weights)
    {
        Owner = owner;
        _values = values;
        _weights = weights;
    }

    /// <summary>The callback this state belongs to in the checkpoint: its type name and its position among callbacks of that type, e.g. <c>EarlyStopping#0</c>.</summary>
    public string Owner { get; }

    /// <summary>True when nothing was saved.</summary>
    public bool IsEmpty => _values.Count == 0 && _weights.Count == 0;

    /// <summary>The saved values (for the checkpoint writer).</summary>
    internal JsonObject Values => _values;

    /// <summary>The saved weight snapshots, by key (for the checkpoint writer).</summary>
    internal IReadOnlyDictionary<string, WeightsSnapshot?> Weights => _weights;

    /// <summary>Saves a number (or null).</summary>
    /// <param name="key">The name.</param>
    /// <param name="value">The value; NaN and ±∞ are kept.</param>
    public void Set(string key, double? value) => _values[Checked(key)] = CheckpointJson.NumberOrNull(value);

    /// <summary>Saves an integer (or null).</summary>
    /// <param name="key">The name.</param>
    /// <param name="value">The value.</param>
    public void Set(string key, long? value) => _values[Checked(key)] = value is long v ? JsonValue.Create(v) : null;

    /// <summary>Saves a flag.</summary>
    /// <param name="key">The name.</param>
    /// <param name="value">The value.</param>
    public void Set(string key, bool value) => _values[Checked(key)] = JsonValue.Create(value);

    /// <summary>Saves a string (or null).</summary>
    /// <param name="key">The name.</param>
    /// <param name="value">The value.</param>
    public void Set(string key, string? value) => _values[Checked(key)] = value is null ? null : JsonValue.Create(value);

    /// <summary>Saves any JSON (e.g. a list); a double in it must be finite — use <see cref="Set(string, double?)"/> for others.</summary>
    /// <param name="key">The name.</param>
    /// <param name="value">The JSON (deep-copied).</param>
    public void SetJson(string key, JsonNode? value) => _values[Checked(key)] = value?.DeepClone();

    /// <summary>Saves a copy of the model's weights taken with <see cref="ITrainableModel.CaptureWeights"/> (or null).</summary>
    /// <param name="key">The name.</param>
    /// <param name="snapshot">The snapshot of the model being trained.</param>
    public void SetWeights(string key, WeightsSnapshot? snapshot) => _weights[Checked(key)] = snapshot;

    /// <summary>True when <paramref name="key"/> was saved (as a value or as weights).</summary>
    /// <param name="key">The name.</param>
    /// <returns>Whether it was saved.</returns>
    public bool Contains(string key) => _values.ContainsKey(key) || _weights.ContainsKey(key);

    /// <summary>A saved number.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The number.</returns>
    /// <exception cref="InvalidDataException">Not saved, or not a number.</exception>
    public double GetDouble(string key) => CheckpointJson.ReadDouble(Node(key), What(key));

    /// <summary>A saved number or null.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The number or null.</returns>
    /// <exception cref="InvalidDataException">Not saved, or neither a number nor null.</exception>
    public double? GetNullableDouble(string key) => CheckpointJson.ReadNullableDouble(Node(key), What(key));

    /// <summary>A saved integer.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The integer.</returns>
    /// <exception cref="InvalidDataException">Not saved, or not an integer.</exception>
    public long GetInt64(string key) => CheckpointJson.ReadInt64(Node(key), What(key));

    /// <summary>A saved 32-bit integer.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The integer.</returns>
    /// <exception cref="InvalidDataException">Not saved, or not a 32-bit integer.</exception>
    public int GetInt32(string key) => CheckpointJson.ReadInt32(Node(key), What(key));

    /// <summary>A saved 32-bit integer or null.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The integer or null.</returns>
    /// <exception cref="InvalidDataException">Not saved, or neither an integer nor null.</exception>
    public int? GetNullableInt32(string key) => CheckpointJson.ReadNullableInt32(Node(key), What(key));

    /// <summary>A saved flag.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The flag.</returns>
    /// <exception cref="InvalidDataException">Not saved, or not a flag.</exception>
    public bool GetBoolean(string key) => CheckpointJson.ReadBoolean(Node(key), What(key));

    /// <summary>A saved string or null.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The string or null.</returns>
    /// <exception cref="InvalidDataException">Not saved, or neither a string nor null.</exception>
    public string? GetString(string key) => CheckpointJson.ReadNullableString(Node(key), What(key));

    /// <summary>Saved JSON (a copy).</summary>
    /// <param name="key">The name.</param>
    /// <returns>The JSON, or null.</returns>
    /// <exception cref="InvalidDataException">Not saved.</exception>
    public JsonNode? GetJson(string key) => Node(key)?.DeepClone();

    /// <summary>Saved weights, as a snapshot of the model being trained that <see cref="ITrainableModel.RestoreWeights"/> accepts (or null).</summary>
    /// <param name="key">The name.</param>
    /// <returns>The snapshot or null.</returns>
    /// <exception cref="InvalidDataException">Not saved.</exception>
    public WeightsSnapshot? GetWeights(string key)
        => _weights.TryGetValue(key, out var snapshot) ? snapshot : throw Missing(key);

    private JsonNode? Node(string key) => _values.TryGetPropertyValue(key, out var node) ? node : throw Missing(key);

    private string What(string key) => $"state '{key}' of callback {Owner}";

    private InvalidDataException Missing(string key)
        => new($"The checkpoint has no state '{key}' for callback {Owner} (it was written by a callback that saves other state); delete the checkpoint to start afresh.");

    private string Checked(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (_values.ContainsKey(key) || _weights.ContainsKey(key))
        {
            throw new ArgumentException($"Callback {Owner} saves '{key}' twice.", nameof(key));
        }

        if (key.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"State keys cannot contain ':' (got '{key}').", nameof(key));
        }

        return key;
    }
}
