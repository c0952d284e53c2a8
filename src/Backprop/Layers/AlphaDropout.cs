using System.Numerics;
using Backprop.Augmentation;

namespace Backprop.Layers;

/// <summary>
/// Alpha dropout for self-normalising (SELU) networks (Klambauer et al. 2017): dropped elements are set to SELU's
/// negative saturation α′ = −λα ≈ −1.7581 instead of 0, then an affine correction keeps zero mean and unit variance:
/// <c>y = a·(x·k + α′·(1 − k)) + b</c>, k ∈ {0, 1} kept with probability q = 1 − p,
/// <c>a = (q·(1 + p·α′²))^−½</c>, <c>b = −a·α′·p</c>. Identity in evaluation.
/// Backward: <c>∂L/∂x = a·k ⊙ ∂L/∂y</c>.
/// </summary>
/// <remarks>Thread safety: as for every layer (see <see cref="Layer{T}"/>): <c>Infer</c>, which the model's Predict and
/// Evaluate run, writes nothing and is safe on many threads at once; <c>Build</c>, <c>Forward</c>, <c>Backward</c> and
/// the setters keep per-pass state, for one training loop at a time.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class AlphaDropout<T> : MultiplicativeNoise<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>α′ = −λα of SELU.</summary>
    public const double AlphaPrime = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946;

    private readonly T _keptFactor;
    private readonly T _keptOffset;
    private readonly T _droppedOffset;

    /// <summary>Creates the layer.</summary>
    /// <param name="rate">Drop probability p in [0, 1).</param>
    /// <param name="seed">A fixed seed, or null for the model-derived one.</param>
    public AlphaDropout(double rate, int? seed = null)
        : base(seed)
    {
        Rate = CheckRate(rate);
        double q = 1 - rate;
        double a = 1 / Math.Sqrt(q * (1 + (rate * AlphaPrime * AlphaPrime)));
        double b = -a * AlphaPrime * rate;
        _keptFactor = T.CreateTruncating(a);
        _keptOffset = T.CreateTruncating(b);
        _droppedOffset = T.CreateTruncating((a * AlphaPrime) + b);
    }

    /// <summary>The drop probability p.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    protected override bool IsIdentity => Rate == 0;

    /// <inheritdoc/>
    protected override bool HasOffsets => true;

    /// <inheritdoc/>
    protected override void DrawRow(Span<T> factors, Span<T> offsets, ref CounterRandom random)
    {
        for (int i = 0; i < factors.Length; i++)
        {
            bool drop = random.NextDouble() < Rate;
            factors[i] = drop ? T.Zero : _keptFactor;
            offsets[i] = drop ? _droppedOffset : _keptOffset;
        }
    }
}
