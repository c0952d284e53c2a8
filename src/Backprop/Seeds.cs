namespace Backprop;

/// <summary>
/// Every seed the library derives from a user's seed, in one place, so that each random stream is named once and
/// no two purposes share a stream by accident. Randomness that must not depend on thread timing (augmentation,
/// dropout masks) uses <see cref="CounterRandom"/> keyed by (seed, epoch, item, stream).
/// </summary>
internal static class Seeds
{
    /// <summary>The initialisation seed of layer <paramref name="layerIndex"/> of a model built with <paramref name="seed"/>.</summary>
    public static int Layer(int seed, int layerIndex) => unchecked((seed * 1_000_003) + (layerIndex * 7919) + 17);

    /// <summary>Shuffles <paramref name="order"/> for epoch <paramref name="epoch"/> of a fit seeded with <paramref name="seed"/>.</summary>
    public static void Shuffle(int[] order, int seed, int epoch) => new Random(unchecked((seed * 7919) + epoch)).Shuffle(order);
}
