namespace Backprop.Metrics;

/// <summary>
/// The state of a "fraction of rows that hit" metric (accuracy, top-k accuracy): hits and rows seen, written to and
/// read from the additive state ranks sum in data-parallel training.
/// </summary>
/// <remarks>Thread safety: a mutable value owned by one metric; not for concurrent use.</remarks>
internal struct HitCounter
{
    /// <summary>How many doubles <see cref="Write"/> fills: hits, then rows seen.</summary>
    public const int StateLength = 2;

    /// <summary>Rows whose prediction hit.</summary>
    public long Hits;

    /// <summary>Rows seen.</summary>
    public long Seen;

    /// <summary>Hits ÷ rows seen, or NaN before any row.</summary>
    public readonly double Result => Seen == 0 ? double.NaN : (double)Hits / Seen;

    /// <summary>Writes hits and rows seen into <paramref name="state"/> (exactly <see cref="StateLength"/> long).</summary>
    /// <param name="state">Where to write.</param>
    public readonly void Write(Span<double> state)
    {
        Guard.InRange(state.Length, StateLength, StateLength, nameof(state));
        state[0] = Hits;
        state[1] = Seen;
    }

    /// <summary>Reads hits and rows seen back from <paramref name="state"/> (exactly <see cref="StateLength"/> long).</summary>
    /// <param name="state">What <see cref="Write"/> wrote, possibly summed over ranks.</param>
    public void Read(ReadOnlySpan<double> state)
    {
        Guard.InRange(state.Length, StateLength, StateLength, nameof(state));
        Hits = (long)state[0];
        Seen = (long)state[1];
    }
}
