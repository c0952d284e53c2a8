using System.Globalization;

namespace Backprop.Training;

/// <summary>
/// The logged values of one epoch, by name: the loss ledger (<c>loss</c> = <c>data_loss</c> + <c>penalty</c>,
/// <c>val_loss</c> = <c>val_data_loss</c> + <c>val_penalty</c>; see <see cref="LogKeys"/>), metric names such as
/// <c>accuracy</c> and their <c>val_</c> counterparts, <c>lr</c>.
/// </summary>
/// <remarks>Thread safety: written by Fit on its own thread; read it from a callback or after the epoch, not from
/// another thread while Fit writes it.</remarks>
public sealed class EpochLogs
{
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

    /// <summary>Creates empty logs for an epoch.</summary>
    /// <param name="epoch">Zero-based epoch index.</param>
    public EpochLogs(int epoch) => Epoch = epoch;

    /// <summary>Zero-based epoch index.</summary>
    public int Epoch { get; }

    /// <summary>The logged names.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Gets or sets a logged value.</summary>
    /// <param name="key">The name, e.g. "val_loss".</param>
    /// <exception cref="KeyNotFoundException">When nothing was logged under <paramref name="key"/>; the message lists what was.</exception>
    public double this[string key]
    {
        get => _values.TryGetValue(key, out var v)
            ? v
            : throw new KeyNotFoundException($"Nothing was logged as '{key}' in epoch {Epoch}; logged: {string.Join(", ", _values.Keys)}.");
        set => _values[key] = value;
    }

    /// <summary>Looks up a value.</summary>
    /// <param name="key">The name.</param>
    /// <param name="value">The value, if logged.</param>
    /// <returns>True when logged.</returns>
    public bool TryGetValue(string key, out double value) => _values.TryGetValue(key, out value);

    /// <summary>True when <paramref name="key"/> was logged.</summary>
    /// <param name="key">The name.</param>
    /// <returns>True when logged.</returns>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <inheritdoc/>
    public override string ToString()
        => $"epoch {Epoch + 1}: " + string.Join(", ", _values.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value:G5}")));
}
