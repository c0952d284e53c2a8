using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>
/// Every random stream the library derives from a user's seed, by one rule: the stream's key is
/// <see cref="Key"/>(seed, purpose, indices…), a SplitMix64 mix (<see cref="Mix"/>, the mixer <see cref="CounterRandom"/>
/// draws with) of the seed, a <see cref="Purpose"/> and up to three indices (layer, epoch, row, transform…). Each purpose
/// is named once, so two purposes never share a stream even when the user gives them the same seed, and every draw
/// depends on its key only — never on thread count, timing or what ran before — which keeps results bit-identical
/// for any <see cref="BackpropSettings.MaxThreads"/> and lets an epoch be replayed on its own.
/// </summary>
internal static class Seeds
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>What a stream is for; part of every key, so purposes never share a stream.</summary>
    internal enum Purpose
    {
        /// <summary>A layer's seed from the model seed and the layer's position (<see cref="Layer"/>).</summary>
        LayerInit = 1,

        /// <summary>A Dense kernel's initial values, from the layer seed.</summary>
        Kernel,

        /// <summary>A Dense bias's initial values, from the layer seed.</summary>
        Bias,

        /// <summary>The row order of one training epoch (<see cref="Shuffle"/>).</summary>
        Shuffle,

        /// <summary>The permutation behind random train/test splits and k-fold (<see cref="SplitOrder"/>).</summary>
        Split,

        /// <summary>The order of one class's members in stratified splits and folds (<see cref="ClassSplit"/>).</summary>
        ClassSplit,

        /// <summary>A noise layer's draws for one row of one forward pass (<see cref="Noise"/>).</summary>
        Noise,

        /// <summary>A per-sample augmentation transform's draws (<see cref="SampleTransform"/>).</summary>
        SampleAugmentation,

        /// <summary>A per-batch augmentation transform's draws (<see cref="BatchTransform"/>).</summary>
        BatchAugmentation,

        /// <summary>Streams users key themselves with <see cref="CounterRandom.For"/>.</summary>
        Custom,
    }

    /// <summary>The initialisation seed of layer <paramref name="layerIndex"/> of a model built with <paramref name="seed"/>.</summary>
    /// <param name="seed">The model (Fit/Build) seed.</param>
    /// <param name="layerIndex">The layer's position in the model.</param>
    /// <returns>The layer seed (from which its kernel, bias and noise streams derive).</returns>
    public static int Layer(int seed, int layerIndex) => unchecked((int)Key(seed, Purpose.LayerInit, layerIndex));

    /// <summary>The seed a layer's kernel initializer is given.</summary>
    /// <param name="layerSeed">The layer seed.</param>
    /// <returns>The initializer seed.</returns>
    public static int Kernel(int layerSeed) => unchecked((int)Key(layerSeed, Purpose.Kernel));

    /// <summary>The seed a layer's bias initializer is given.</summary>
    /// <param name="layerSeed">The layer seed.</param>
    /// <returns>The initializer seed.</returns>
    public static int Bias(int layerSeed) => unchecked((int)Key(layerSeed, Purpose.Bias));

    /// <summary>
    /// Writes into <paramref name="order"/> the row order of epoch <paramref name="epoch"/> of a fit seeded with
    /// <paramref name="seed"/>: a permutation of 0..n−1 that depends on (seed, epoch) only, not on earlier epochs.
    /// </summary>
    /// <param name="order">Receives the permutation (its length is the row count).</param>
    /// <param name="seed">The fit seed.</param>
    /// <param name="epoch">The zero-based epoch.</param>
    public static void Shuffle(int[] order, int seed, int epoch) => Permutation(order, Stream(seed, Purpose.Shuffle, epoch));

    /// <summary>Writes the permutation of 0..n−1 behind a random split (and k-fold) seeded with <paramref name="seed"/>.</summary>
    /// <param name="indices">Receives the permutation.</param>
    /// <param name="seed">The split seed.</param>
    public static void SplitOrder(Span<int> indices, int seed) => Permutation(indices, Stream(seed, Purpose.Split));

    /// <summary>The stream that orders the members of class <paramref name="label"/> in a stratified split or fold.</summary>
    /// <param name="seed">The split seed.</param>
    /// <param name="label">The class label.</param>
    /// <returns>The stream.</returns>
    public static CounterRandom ClassSplit(int seed, int label) => Stream(seed, Purpose.ClassSplit, label);

    /// <summary>The stream of row <paramref name="row"/> in noisy forward pass <paramref name="step"/> of a noise layer.</summary>
    /// <param name="layerSeed">The layer's seed.</param>
    /// <param name="step">The forward pass counter.</param>
    /// <param name="row">The row in the batch.</param>
    /// <returns>The stream.</returns>
    public static CounterRandom Noise(int layerSeed, long step, int row) => Stream(layerSeed, Purpose.Noise, step, row);

    /// <summary>The stream of sample transform <paramref name="transform"/> on dataset sample <paramref name="sample"/> in <paramref name="epoch"/>.</summary>
    /// <param name="seed">The pipeline seed.</param>
    /// <param name="epoch">The epoch.</param>
    /// <param name="sample">The sample's index in the dataset.</param>
    /// <param name="transform">The transform's position in the pipeline.</param>
    /// <returns>The stream.</returns>
    public static CounterRandom SampleTransform(int seed, int epoch, long sample, int transform)
        => Stream(seed, Purpose.SampleAugmentation, epoch, sample, transform);

    /// <summary>The stream of batch transform <paramref name="transform"/> on batch <paramref name="batch"/> in <paramref name="epoch"/>.</summary>
    /// <param name="seed">The pipeline seed.</param>
    /// <param name="epoch">The epoch.</param>
    /// <param name="batch">The batch index in the epoch.</param>
    /// <param name="transform">The transform's position among the batch transforms.</param>
    /// <returns>The stream.</returns>
    public static CounterRandom BatchTransform(int seed, int epoch, long batch, int transform)
        => Stream(seed, Purpose.BatchAugmentation, epoch, batch, transform);

    /// <summary>The stream a user keys with <see cref="CounterRandom.For"/>.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="epoch">The epoch.</param>
    /// <param name="item">The item.</param>
    /// <param name="stream">The stream number.</param>
    /// <returns>The stream.</returns>
    public static CounterRandom Custom(int seed, int epoch, long item, int stream) => Stream(seed, Purpose.Custom, epoch, item, stream);

    /// <summary>The stream for a key: <c>new CounterRandom(Key(...))</c>.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="a">First index.</param>
    /// <param name="b">Second index.</param>
    /// <param name="c">Third index.</param>
    /// <returns>The stream.</returns>
    public static CounterRandom Stream(int seed, Purpose purpose, long a = 0, long b = 0, long c = 0) => new(Key(seed, purpose, a, b, c));

    /// <summary>
    /// The one derivation rule: absorbs the seed, the purpose and three indices into a 64-bit key, one SplitMix64
    /// <see cref="Mix"/> per part (each part multiplied by its own odd constant, so for a given prefix different
    /// values of a part give different keys). Unused indices are 0.
    /// </summary>
    /// <param name="seed">The seed.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="a">First index.</param>
    /// <param name="b">Second index.</param>
    /// <param name="c">Third index.</param>
    /// <returns>The key.</returns>
    public static ulong Key(int seed, Purpose purpose, long a = 0, long b = 0, long c = 0)
    {
        unchecked
        {
            ulong k = Mix((uint)seed + Golden);
            k = Mix(k ^ ((ulong)purpose * 0xD1B54A32D192ED03UL));
            k = Mix(k ^ ((ulong)a * 0xBF58476D1CE4E5B9UL));
            k = Mix(k ^ ((ulong)b * 0x94D049BB133111EBUL));
            return Mix(k ^ ((ulong)c * 0xD6E8FEB86659FD93UL));
        }
    }

    /// <summary>The SplitMix64 finaliser (Steele, Lea &amp; Flood 2014): a bijective, strongly mixing map of 64 bits.</summary>
    /// <param name="z">The input.</param>
    /// <returns>The mixed value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    private static void Permutation(Span<int> destination, CounterRandom random)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = i;
        }

        random.Shuffle(destination);
    }
}
