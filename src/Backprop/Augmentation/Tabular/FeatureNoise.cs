using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// Tabular Gaussian noise: feature j gets N(0, (<see cref="Scale"/>·σⱼ)²) where σⱼ is that feature's standard
/// deviation in the training data (fitted in <see cref="Prepare"/>, training rows only), so every feature is
/// perturbed in proportion to its own spread whatever its units.
/// </summary>
/// <remarks>Thread safety: <c>Prepare</c> (run once by the pipeline, alone) fits what it needs from the training rows;
/// afterwards it only reads that, and the pipeline applies it to many samples on several threads at once.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class FeatureNoise<T> : SampleTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private double[]? _std;

    /// <summary>Creates the transform.</summary>
    /// <param name="scale">Noise σ as a multiple of each feature's standard deviation (≥ 0), e.g. 0.1.</param>
    /// <param name="probability">Chance that a sample gets noise.</param>
    public FeatureNoise(double scale, double probability = 1)
        : base(probability)
        => Scale = Guard.NonNegative(scale, nameof(scale));

    /// <summary>Noise σ as a multiple of each feature's standard deviation.</summary>
    public double Scale { get; }

    /// <summary>The fitted per-feature standard deviations (null until prepared).</summary>
    public IReadOnlyList<double>? FeatureStandardDeviations => _std;

    /// <inheritdoc/>
    public override void Prepare(SampleShape shape, Tensor2D<T>? trainingFeatures)
    {
        var x = Tabular.RequireData(trainingFeatures, shape, Name);
        var std = new double[x.Columns];
        for (int j = 0; j < x.Columns; j++)
        {
            double mean = 0, m2 = 0;
            for (int i = 0; i < x.Rows; i++)
            {
                double v = double.CreateTruncating(x[i, j]);
                double d = v - mean;
                mean += d / (i + 1);
                m2 += d * (v - mean);
            }

            std[j] = Math.Sqrt(m2 / x.Rows);
        }

        _std = std;
    }

    /// <inheritdoc/>
    protected override void ApplyCore(Span<T> sample, SampleShape shape, ref CounterRandom random)
    {
        var std = Tabular.RequirePrepared(_std, sample.Length, Name);
        for (int j = 0; j < sample.Length; j++)
        {
            sample[j] += T.CreateTruncating(Scale * std[j] * random.NextGaussian());
        }
    }
}
