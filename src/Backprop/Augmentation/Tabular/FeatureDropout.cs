using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// Tabular feature dropout: each feature of the sample is independently replaced by <see cref="FillValue"/>
/// (0 by default — the mean after standardisation) with probability <see cref="Rate"/>. Unlike the Dropout
/// layer it does not rescale the remaining features: it simulates missing inputs.
/// </summary>
/// <remarks>Thread safety: configured at construction and read-only afterwards: the pipeline applies one instance to
/// many samples on several threads at once, and its randomness comes only from the generator it is handed.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class FeatureDropout<T> : SampleTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="rate">Chance in [0, 1) that a feature is dropped.</param>
    /// <param name="probability">Chance that a sample is considered at all.</param>
    /// <param name="fillValue">The value a dropped feature takes.</param>
    public FeatureDropout(double rate, double probability = 1, double fillValue = 0)
        : base(probability)
    {
        Rate = Guard.InRange(rate, 0, 1, nameof(rate), maxExclusive: true, owner: "FeatureDropout");
        FillValue = Guard.Finite(fillValue, nameof(fillValue));
    }

    /// <summary>Chance that a feature is dropped.</summary>
    public double Rate { get; }

    /// <summary>The value a dropped feature takes.</summary>
    public double FillValue { get; }

    /// <inheritdoc/>
    protected override void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random)
    {
        T fill = T.CreateTruncating(FillValue);
        for (int j = 0; j < sample.Length; j++)
        {
            if (random.NextBool(Rate))
            {
                sample[j] = fill;
            }
        }
    }
}
