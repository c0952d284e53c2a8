using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// A random change of a whole batch that may mix samples and their targets (MixUp, CutMix). Targets arrive as
/// one-hot or soft rows <c>[batch, K]</c> (class indices are converted before), so mixed targets stay valid
/// distributions that flow into <see cref="Losses.CategoricalCrossEntropy{T}"/>.
/// </summary>
/// <remarks>Thread safety: keeps buffers between batches, so it transforms one batch at a time (the pipeline calls it
/// from one thread).</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class BatchTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initialises the transform.</summary>
    /// <param name="probability">Chance in [0, 1] that a given batch is transformed.</param>
    protected BatchTransform(double probability)
    {
        Numeric<T>.EnsureSupported();
        Probability = Guard.Probability(probability, nameof(probability));
    }

    /// <summary>Chance in [0, 1] that a given batch is transformed.</summary>
    public double Probability { get; }

    /// <summary>The transform's name in messages (the type name by default).</summary>
    public virtual string Name => GetType().Name.Split('`')[0];

    /// <summary>Checks that the transform can work on samples of <paramref name="shape"/>.</summary>
    /// <param name="shape">The sample shape.</param>
    public virtual void Prepare(SampleShape shape)
    {
    }

    /// <summary>Applies the transform in place with probability <see cref="Probability"/>.</summary>
    /// <param name="features">The batch <c>[batch, shape.Length]</c>.</param>
    /// <param name="targets">Its targets <c>[batch, K]</c> (one-hot/soft), changed consistently.</param>
    /// <param name="shape">The layout of one sample.</param>
    /// <param name="random">This batch's random stream for this transform.</param>
    public void Apply(Tensor2D<T> features, Tensor2D<T> targets, SampleShape shape, ref CounterRandom random)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Columns != shape.Length || targets.Rows != features.Rows)
        {
            throw new ArgumentException(
                $"{Name}: features [{features.Rows}, {features.Columns}] and targets [{targets.Rows}, {targets.Columns}] " +
                $"do not fit samples of shape {shape} ({shape.Length} values) with one target row each.", nameof(features));
        }

        if (features.Rows < 2 || (Probability < 1 && !random.NextBool(Probability)))
        {
            return;
        }

        ApplyCore(features, targets, shape, ref random);
    }

    /// <summary>Changes the batch in place (shapes have been checked; at least two rows).</summary>
    /// <param name="features">The batch.</param>
    /// <param name="targets">Its targets.</param>
    /// <param name="shape">The layout of one sample.</param>
    /// <param name="random">The random stream to draw from.</param>
    protected abstract void ApplyCore(Tensor2D<T> features, Tensor2D<T> targets, SampleShape shape, ref CounterRandom random);

    /// <summary>A random permutation of 0..n−1 drawn from <paramref name="random"/> (Fisher–Yates), written to <paramref name="destination"/>.</summary>
    /// <param name="destination">Receives the permutation.</param>
    /// <param name="random">The random stream.</param>
    protected static void Permutation(Span<int> destination, ref CounterRandom random)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = i;
        }

        random.Shuffle(destination);
    }
}
