namespace Backprop;

/// <summary>
/// A counter-based random stream: its values depend only on the key it was created from — typically
/// (seed, epoch, sample index, transform index) — never on which thread runs it or in what order.
/// This is what makes augmented batches identical for any <see cref="BackpropSettings.MaxThreads"/>.
/// </summary>
/// <remarks>
/// The generator is SplitMix64 (Steele, Lea &amp; Flood 2014): the state is a counter advanced by a fixed odd
/// constant and each output is a strong 64-bit mix of it. The library derives every key it uses by one rule, a mix of
/// (seed, purpose, indices) with the same mixer, each purpose apart from the others; <see cref="For"/> gives you keys of
/// your own that never coincide with the library's.
/// It is a mutable struct: pass it by <c>ref</c> so that draws advance the caller's stream.
/// <para>Thread safety: a mutable struct: each copy is one stream for one thread (the library makes one per row, sample
/// or transform, so none is shared).</para>
/// </remarks>
public struct CounterRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private ulong _state;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Creates a stream from a 64-bit key.</summary>
    /// <param name="key">The key; equal keys give equal streams.</param>
    public CounterRandom(ulong key)
    {
        _state = Seeds.Mix(key ^ 0x6A09E667F3BCC909UL);
        _spareGaussian = 0;
        _hasSpare = false;
    }

    /// <summary>
    /// Creates the stream for one (seed, epoch, item, stream) combination of your own, derived by the library's one
    /// seeding rule under a purpose of its own: it never equals a stream the library draws from (augmentation,
    /// noise layers, shuffling, splits, initialisation), even for the same seed.
    /// </summary>
    /// <param name="seed">The seed.</param>
    /// <param name="epoch">The epoch (or any counter of passes).</param>
    /// <param name="item">The sample index in the dataset (or any item counter).</param>
    /// <param name="stream">Distinguishes independent streams for the same item.</param>
    /// <returns>The stream.</returns>
    public static CounterRandom For(int seed, int epoch, long item, int stream) => Seeds.Custom(seed, epoch, item, stream);

    /// <summary>The next 64 random bits.</summary>
    /// <returns>A uniformly distributed 64-bit value.</returns>
    public ulong NextUInt64()
    {
        _state = unchecked(_state + Golden);
        return Seeds.Mix(_state);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    /// <returns>The value (53 random bits).</returns>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>) (exactly <paramref name="min"/> when they are equal).</summary>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    /// <returns>The value.</returns>
    public double NextDouble(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    /// <param name="maxExclusive">Exclusive upper bound, ≥ 1.</param>
    /// <returns>The value.</returns>
    public int NextInt(int maxExclusive)
    {
        Guard.AtLeast(maxExclusive, 1, nameof(maxExclusive));
        return (int)((NextUInt64() >> 32) * (ulong)maxExclusive >> 32);
    }

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    /// <param name="probability">Probability in [0, 1].</param>
    /// <returns>The outcome.</returns>
    public bool NextBool(double probability) => NextDouble() < probability;

    /// <summary>A standard normal draw (Box–Muller, pairs cached).</summary>
    /// <returns>A value from N(0, 1).</returns>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }

        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = r * Math.Sin(2 * Math.PI * u2);
        _hasSpare = true;
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A Gamma(<paramref name="shape"/>, 1) draw (Marsaglia–Tsang; boosted for shape &lt; 1).</summary>
    /// <param name="shape">Shape k &gt; 0.</param>
    /// <returns>The value.</returns>
    public double NextGamma(double shape)
    {
        Guard.Positive(shape, nameof(shape), "Gamma");

        if (shape < 1)
        {
            double u = 1.0 - NextDouble();
            return NextGamma(shape + 1) * Math.Pow(u, 1.0 / shape);
        }

        double d = shape - (1.0 / 3);
        double c = 1.0 / Math.Sqrt(9 * d);
        while (true)
        {
            double x = NextGaussian();
            double v = 1 + (c * x);
            if (v <= 0)
            {
                continue;
            }

            v = v * v * v;
            double u = 1.0 - NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    /// <summary>A Beta(<paramref name="a"/>, <paramref name="b"/>) draw, from two Gamma draws.</summary>
    /// <param name="a">First shape, &gt; 0.</param>
    /// <param name="b">Second shape, &gt; 0.</param>
    /// <returns>A value in [0, 1].</returns>
    public double NextBeta(double a, double b)
    {
        double x = NextGamma(a);
        double y = NextGamma(b);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    /// <summary>Puts <paramref name="items"/> in a random order (Fisher–Yates, drawing from this stream).</summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="items">The items, shuffled in place.</param>
    internal void Shuffle<TItem>(Span<TItem> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
