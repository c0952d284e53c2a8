using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// Swap noise (as used for denoising autoencoders on tabular data): each feature is, with probability
/// <see cref="Rate"/>, replaced by the same feature of a random training row, so the value stays realistic for
/// that column. The training rows are captured in <see cref="Prepare"/>.
/// </summary>
/// <remarks>Thread safety: <c>Prepare</c> (run once by the pipeline, alone) fits what it needs from the training rows;
/// afterwards it only reads that, and the pipeline applies it to many samples on several threads at once.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class SwapNoise<T> : SampleTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Tensor2D<T>? _rows;

    /// <summary>Creates the transform.</summary>
    /// <param name="rate">Chance in [0, 1] that a feature is swapped.</param>
    /// <param name="probability">Chance that a sample is considered at all.</param>
    public SwapNoise(double rate, double probability = 1)
        : base(probability)
        => Rate = Guard.Probability(rate, nameof(rate));

    /// <summary>Chance that a feature is swapped.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public override void Prepare(SampleShape shape, Tensor2D<T>? trainingFeatures)
        => _rows = Tabular.RequireData(trainingFeatures, shape, Name);

    /// <inheritdoc/>
    protected override void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random)
    {
        var rows = _rows ?? throw new InvalidOperationException($"{Name} has no training rows: call Prepare (the pipeline does it in Fit) first.");
        if (rows.Columns != sample.Length)
        {
            throw new ArgumentException($"{Name} was prepared for {rows.Columns} features but the sample has {sample.Length}.", nameof(sample));
        }

        for (int j = 0; j < sample.Length; j++)
        {
            if (random.NextBool(Rate))
            {
                sample[j] = rows[random.NextInt(rows.Rows), j];
            }
        }
    }
}
