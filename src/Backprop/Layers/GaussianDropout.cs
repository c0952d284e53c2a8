using System.Numerics;
using Backprop.Augmentation;

namespace Backprop.Layers;

/// <summary>
/// Multiplicative Gaussian noise: in training <c>y = x ⊙ m</c> with <c>m ~ N(1, p/(1 − p))</c> per element
/// (the variance of inverted dropout with rate p, without zeros); identity in evaluation.
/// Backward: <c>∂L/∂x = ∂L/∂y ⊙ m</c>.
/// </summary>
/// <remarks>Thread safety: as for every layer (see <see cref="Layer{T}"/>): <c>Infer</c>, which the model's Predict and
/// Evaluate run, writes nothing and is safe on many threads at once; <c>Build</c>, <c>Forward</c>, <c>Backward</c> and
/// the setters keep per-pass state, for one training loop at a time.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class GaussianDropout<T> : MultiplicativeNoise<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="rate">The equivalent drop rate p in [0, 1).</param>
    /// <param name="seed">A fixed seed, or null for the model-derived one.</param>
    public GaussianDropout(double rate, int? seed = null)
        : base(seed)
    {
        Rate = CheckRate(rate);
        StandardDeviation = Math.Sqrt(rate / (1 - rate));
    }

    /// <summary>The equivalent drop rate p.</summary>
    public double Rate { get; }

    /// <summary>σ = √(p/(1 − p)) of the factors.</summary>
    public double StandardDeviation { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity => Rate == 0;

    /// <inheritdoc/>
    protected override void DrawRow(Span<T> factors, Span<T> offsets, ref CounterRandom random)
    {
        for (int i = 0; i < factors.Length; i++)
        {
            factors[i] = T.CreateTruncating(1 + (StandardDeviation * random.NextGaussian()));
        }
    }
}
