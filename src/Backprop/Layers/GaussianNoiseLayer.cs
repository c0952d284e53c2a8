using System.Numerics;

namespace Backprop.Layers;

/// <summary>
/// Additive Gaussian noise (Keras <c>GaussianNoise</c>): in training <c>y = x + σ·ε</c>, ε ~ N(0, 1) per element;
/// identity in evaluation. Backward: <c>∂L/∂x = ∂L/∂y</c>. (Named …Layer to stay apart from the input augmentation
/// <c>Backprop.Augmentation.GaussianNoise</c>.)
/// </summary>
/// <remarks>Thread safety: as for every layer (see <see cref="Layer{T}"/>): <c>Infer</c>, which the model's Predict and
/// Evaluate run, writes nothing and is safe on many threads at once; <c>Build</c>, <c>Forward</c>, <c>Backward</c> and
/// the setters keep per-pass state, for one training loop at a time.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class GaussianNoiseLayer<T> : StochasticLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="standardDeviation">σ (finite, ≥ 0).</param>
    /// <param name="seed">A fixed seed, or null for the model-derived one.</param>
    public GaussianNoiseLayer(double standardDeviation, int? seed = null)
        : base(seed)
    {
        StandardDeviation = Guard.NonNegative(standardDeviation, nameof(standardDeviation), "GaussianNoiseLayer");
    }

    /// <summary>σ.</summary>
    public double StandardDeviation { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity => StandardDeviation == 0;

    /// <inheritdoc/>
    protected override void ApplyNoise(Tensor2D<T> input, Tensor2D<T> output, long step)
    {
        for (int r = 0; r < input.Rows; r++)
        {
            var random = RowRandom(step, r);
            var x = input.Row(r);
            var y = output.Row(r);
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = x[i] + T.CreateTruncating(StandardDeviation * random.NextGaussian());
            }
        }
    }

    /// <inheritdoc/>
    protected override Tensor2D<T> BackwardNoise(Tensor2D<T> outputGradient) => outputGradient;
}
