using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// A random change of one sample (one row of features laid out as <see cref="SampleShape"/>), applied with
/// <see cref="Probability"/>. Derive from it to write your own transform: implement <see cref="ApplyCore"/>,
/// draw every random number from the <see cref="CounterRandom"/> you are given (never from
/// <see cref="Random"/>), and keep no mutable state between calls — samples are transformed in parallel.
/// </summary>
/// <remarks>Thread safety: configured at construction and read-only afterwards: the pipeline applies one instance to
/// many samples on several threads at once, and its randomness comes only from the generator it is handed. A transform
/// of your own must be the same: write no field in <c>ApplyCore</c> (fit data-dependent statistics in
/// <c>Prepare</c>).</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class SampleTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initialises the transform.</summary>
    /// <param name="probability">Chance in [0, 1] that the transform is applied to a given sample.</param>
    protected SampleTransform(double probability)
    {
        Numeric<T>.EnsureSupported();
        Probability = Guard.Probability(probability, nameof(probability));
    }

    /// <summary>Chance in [0, 1] that the transform is applied to a given sample.</summary>
    public double Probability { get; }

    /// <summary>The transform's name in messages and previews (the type name by default).</summary>
    public virtual string Name => GetType().Name.Split('`')[0];

    /// <summary>
    /// Checks that the transform can work on samples of <paramref name="shape"/> (e.g. geometric transforms need an image)
    /// and fits any statistics it needs from the training features (e.g. per-feature standard deviations).
    /// The pipeline calls it once before training, with training data only.
    /// </summary>
    /// <param name="shape">The sample shape.</param>
    /// <param name="trainingFeatures">The training features <c>[N, shape.Length]</c>, or null when used without data (previews).</param>
    public virtual void Prepare(SampleShape shape, Tensor2D<T>? trainingFeatures)
    {
    }

    /// <summary>Applies the transform in place with probability <see cref="Probability"/>.</summary>
    /// <param name="sample">One sample, <c>shape.Length</c> values.</param>
    /// <param name="shape">Its layout.</param>
    /// <param name="random">This sample's random stream for this transform.</param>
    public void Apply(Span<T> sample, SampleShape shape, ref CounterRandom random)
    {
        if (sample.Length != shape.Length)
        {
            throw new ArgumentException(
                $"{Name}: the sample has {sample.Length} values but the shape {shape} needs {shape.Length}.", nameof(sample));
        }

        if (Probability < 1 && !random.NextBool(Probability))
        {
            return;
        }

        ApplyCore(sample, shape, ref random);
    }

    /// <summary>Changes <paramref name="sample"/> in place (its length has been checked against <paramref name="shape"/>).</summary>
    /// <param name="sample">The sample.</param>
    /// <param name="shape">Its layout.</param>
    /// <param name="random">The random stream to draw from.</param>
    protected abstract void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random);
}
