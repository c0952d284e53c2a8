namespace Backprop.Callbacks;

/// <summary>
/// When <see cref="ModelCheckpoint"/> saves: at the end of every epoch (<see cref="Epoch"/>, Keras'
/// <c>save_freq="epoch"</c>, the default) or after every n training batches (<see cref="EveryBatches"/>, Keras'
/// integer <c>save_freq</c>; the count runs on across epoch boundaries).
/// </summary>
/// <remarks>Thread safety: an immutable value; safe to share between threads.</remarks>
public readonly record struct SaveFrequency
{
    private SaveFrequency(int batches) => Batches = batches;

    /// <summary>At the end of every epoch (the default value of this type).</summary>
    public static SaveFrequency Epoch => default;

    /// <summary>Batches between saves, or 0 for <see cref="Epoch"/>.</summary>
    public int Batches { get; }

    /// <summary>True for <see cref="Epoch"/>.</summary>
    public bool IsEpoch => Batches == 0;

    /// <summary>After every <paramref name="batches"/> training batches.</summary>
    /// <param name="batches">Batches between saves (≥ 1).</param>
    /// <returns>The frequency.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batches"/> is below 1.</exception>
    public static SaveFrequency EveryBatches(int batches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        return new SaveFrequency(batches);
    }

    /// <inheritdoc/>
    public override string ToString() => IsEpoch ? "epoch" : $"every {Batches} batches";
}
