using System.Globalization;
using System.Numerics;
using Backprop.Augmentation;

namespace Backprop.Layers;

/// <summary>
/// Inverted dropout: in training each element is kept with probability 1 − p and scaled by 1/(1 − p), else set to
/// 0 (<c>y = x ⊙ m</c>, m ∈ {0, 1/(1 − p)}, so E[y] = x); in evaluation the identity. Backward:
/// <c>∂L/∂x = ∂L/∂y ⊙ m</c> with the same mask. Masks come from a counter-based stream keyed by
/// (seed, step, row) — see <see cref="StochasticLayer{T}"/> — so results do not depend on the thread count.
/// </summary>
/// <remarks>Thread safety: as for every layer (see <see cref="Layer{T}"/>): <c>Infer</c>, which the model's Predict and
/// Evaluate run, writes nothing and is safe on many threads at once; <c>Build</c>, <c>Forward</c>, <c>Backward</c> and
/// the setters keep per-pass state, for one training loop at a time.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Dropout<T> : MultiplicativeNoise<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _keepScale;

    /// <summary>Creates the layer.</summary>
    /// <param name="rate">Drop probability p in [0, 1).</param>
    /// <param name="seed">A fixed seed, or null for the one derived from the model's seed.</param>
    public Dropout(double rate, int? seed = null)
        : base(seed)
    {
        Rate = CheckRate(rate);
        _keepScale = T.CreateTruncating(1 / (1 - rate));
    }

    /// <summary>The drop probability p.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity => Rate == 0;

    /// <inheritdoc/>
    protected override void DrawRow(Span<T> factors, Span<T> offsets, ref CounterRandom random)
    {
        for (int i = 0; i < factors.Length; i++)
        {
            factors[i] = random.NextDouble() < Rate ? T.Zero : _keepScale;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{base.ToString()} rate {Rate}");
}
