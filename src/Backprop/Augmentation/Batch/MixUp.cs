using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// MixUp (Zhang et al. 2018): draws λ ~ Beta(α, α) once per batch and a random pairing π of its rows, then
/// <c>x′ᵢ = λ·xᵢ + (1 − λ)·x_π(i)</c> and <c>y′ᵢ = λ·yᵢ + (1 − λ)·y_π(i)</c>. Mixed one-hot targets are soft
/// targets that still sum to 1.
/// </summary>
/// <remarks>Thread safety: keeps buffers between batches, so it transforms one batch at a time (the pipeline calls it
/// from one thread).</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MixUp<T> : BatchTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Tensor2D<T>? _x;
    private Tensor2D<T>? _y;
    private int[] _pairs = [];

    /// <summary>Creates the transform.</summary>
    /// <param name="alpha">α &gt; 0 of the Beta distribution (0.2 is typical; small α keeps λ near 0 or 1).</param>
    /// <param name="probability">Chance that a batch is mixed.</param>
    public MixUp(double alpha = 0.2, double probability = 1)
        : base(probability)
        => Alpha = Guard.Positive(alpha, nameof(alpha));

    /// <summary>α of the Beta distribution.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    protected override void ApplyCore(Tensor2D<T> features, Tensor2D<T> targets, SampleShape shape, ref CounterRandom random)
    {
        T lambda = T.CreateTruncating(random.NextBeta(Alpha, Alpha));
        T other = T.One - lambda;
        int n = features.Rows;
        if (_pairs.Length < n)
        {
            _pairs = new int[n];
        }

        Permutation(_pairs.AsSpan(0, n), ref random);
        var x = Tensor2D<T>.Ensure(ref _x, n, features.Columns);
        var y = Tensor2D<T>.Ensure(ref _y, n, targets.Columns);
        features.Span.CopyTo(x.Span);
        targets.Span.CopyTo(y.Span);
        for (int i = 0; i < n; i++)
        {
            Mix(features.Row(i), x.Row(_pairs[i]), lambda, other);
            Mix(targets.Row(i), y.Row(_pairs[i]), lambda, other);
        }
    }

    private static void Mix(Span<T> row, ReadOnlySpan<T> partner, T lambda, T other)
    {
        for (int j = 0; j < row.Length; j++)
        {
            row[j] = (lambda * row[j]) + (other * partner[j]);
        }
    }
}
