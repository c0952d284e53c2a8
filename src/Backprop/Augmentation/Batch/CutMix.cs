using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// CutMix (Yun et al. 2019): draws λ ~ Beta(α, α) and one rectangle per batch covering about (1 − λ) of the image,
/// pastes that rectangle from a randomly paired row into each image, and mixes the targets by the area actually
/// pasted: <c>y′ᵢ = (1 − a)·yᵢ + a·y_π(i)</c> with a = pasted area / image area.
/// </summary>
/// <remarks>Thread safety: keeps buffers between batches, so it transforms one batch at a time (the pipeline calls it
/// from one thread).</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class CutMix<T> : BatchTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Tensor2D<T>? _x;
    private Tensor2D<T>? _y;
    private int[] _pairs = [];

    /// <summary>Creates the transform.</summary>
    /// <param name="alpha">α &gt; 0 of the Beta distribution (1.0 in the paper: λ uniform).</param>
    /// <param name="probability">Chance that a batch is mixed.</param>
    public CutMix(double alpha = 1.0, double probability = 1)
        : base(probability)
        => Alpha = Guard.Positive(alpha, nameof(alpha));

    /// <summary>α of the Beta distribution.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public override void Prepare(SampleShape shape) => shape.RequireImage(Name, 2);

    /// <inheritdoc/>
    protected override void ApplyCore(Tensor2D<T> features, Tensor2D<T> targets, SampleShape shape, ref CounterRandom random)
    {
        double lambda = random.NextBeta(Alpha, Alpha);
        int h = shape.Height, w = shape.Width, c = shape.Channels;
        double cut = Math.Sqrt(1 - lambda);
        int boxH = (int)Math.Round(h * cut), boxW = (int)Math.Round(w * cut);
        int cy = random.NextInt(h), cx = random.NextInt(w);
        int top = Math.Clamp(cy - (boxH / 2), 0, h), bottom = Math.Clamp(cy + boxH - (boxH / 2), 0, h);
        int left = Math.Clamp(cx - (boxW / 2), 0, w), right = Math.Clamp(cx + boxW - (boxW / 2), 0, w);
        int n = features.Rows;
        if (_pairs.Length < n)
        {
            _pairs = new int[n];
        }

        Permutation(_pairs.AsSpan(0, n), ref random);
        double pasted = (double)(bottom - top) * (right - left) / (h * w);
        if (pasted == 0)
        {
            return;
        }

        var x = Tensor2D<T>.Ensure(ref _x, n, features.Columns);
        var y = Tensor2D<T>.Ensure(ref _y, n, targets.Columns);
        features.Span.CopyTo(x.Span);
        targets.Span.CopyTo(y.Span);
        T a = T.CreateTruncating(pasted), keep = T.One - a;
        for (int i = 0; i < n; i++)
        {
            var row = features.Row(i);
            var partner = x.Row(_pairs[i]);
            for (int yy = top; yy < bottom; yy++)
            {
                int start = ((yy * w) + left) * c;
                partner.Slice(start, (right - left) * c).CopyTo(row.Slice(start));
            }

            var t = targets.Row(i);
            var u = y.Row(_pairs[i]);
            for (int k = 0; k < t.Length; k++)
            {
                t[k] = (keep * t[k]) + (a * u[k]);
            }
        }
    }
}
