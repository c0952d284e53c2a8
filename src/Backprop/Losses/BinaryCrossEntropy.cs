using System.Numerics;

namespace Backprop.Losses;

/// <summary>
/// Binary cross-entropy for independent yes/no outputs (one column, or several for multi-label).
/// <para>Per element with smoothed target <c>t′ = (1 − ε)t + ε/2</c>:
/// <c>h = −[t′ log p + (1 − t′) log(1 − p)]</c>, averaged as <c>L = (1/N) Σᵢ wᵢ (1/C) Σⱼ cᵢⱼ hᵢⱼ</c>,
/// where <c>cᵢⱼ = t·w₁ + (1 − t)·w₀</c> when class weights (w₀, w₁) are given, else 1.</para>
/// <para>With <see cref="FromLogits"/> the sigmoid is fused: <c>h = max(z, 0) − z·t′ + log(1 + e^−|z|)</c>,
/// <c>∂h/∂z = σ(z) − t′</c> — stable for any logit. Otherwise p is clipped to [1e−7, 1 − 1e−7] and
/// <c>∂h/∂p = (p − t′)/(p(1 − p))</c>.</para>
/// </summary>
/// <remarks>Thread safety: keeps the last batch's gradient (and scratch buffers), so one caller at a time: a training
/// loop needs its own instance, while concurrent <c>Evaluate</c> calls may share one (Evaluate takes turns through
/// it).</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class BinaryCrossEntropy<T> : Loss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Epsilon = 1e-7;

    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">True when predictions are logits (recommended: fused, stable sigmoid).</param>
    /// <param name="labelSmoothing">ε in [0, 1): pulls targets towards 1/2.</param>
    /// <param name="classWeights">Optional (w₀, w₁): weights of negative and positive targets.</param>
    /// <exception cref="System.ArgumentOutOfRangeException">Label smoothing outside [0, 1), or a class weight negative, NaN or ∞.</exception>
    /// <exception cref="System.ArgumentException">Other than 2 class weights.</exception>
    public BinaryCrossEntropy(bool fromLogits = false, double labelSmoothing = 0, IReadOnlyList<double>? classWeights = null)
    {
        Guard.InRange(labelSmoothing, 0, 1, nameof(labelSmoothing), maxExclusive: true, owner: "BinaryCrossEntropy");
        ClassWeightValidation.Check(classWeights);
        if (classWeights is not null && classWeights.Count != 2)
        {
            throw new ArgumentException($"Binary cross-entropy takes 2 class weights (negative, positive); {classWeights.Count} were given.", nameof(classWeights));
        }

        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
        ClassWeights = classWeights?.ToArray();
    }

    /// <summary>True when predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The label-smoothing ε.</summary>
    public double LabelSmoothing { get; }

    /// <summary>(w₀, w₁), or null.</summary>
    public IReadOnlyList<double>? ClassWeights { get; }

    /// <inheritdoc/>
    public override string Name => "binary_crossentropy";

    /// <inheritdoc/>
    protected override void ValidateTargets(Tensor2D<T> predictions, Tensor2D<T> targets)
    {
        base.ValidateTargets(predictions, targets);
        if (!FromLogits)
        {
            ProbabilityPredictions.Check(predictions, Name, "Sigmoid");
        }

        ReadOnlySpan<T> t = targets.Span;
        for (int i = 0; i < t.Length; i++)
        {
            if (!(t[i] >= T.Zero && t[i] <= T.One))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(targets), $"{Name}: target at row {i / targets.Columns}, column {i % targets.Columns} is {t[i]}; targets must be in [0, 1].");
            }
        }
    }

    /// <inheritdoc/>
    protected override T Compute(Tensor2D<T> predictions, Tensor2D<T> targets, ReadOnlySpan<T> sampleWeights, Tensor2D<T> gradient)
    {
        int n = predictions.Rows;
        int cols = predictions.Columns;
        T eps = T.CreateTruncating(LabelSmoothing);
        T half = T.CreateTruncating(0.5);
        T lo = T.CreateTruncating(Epsilon);
        T hi = T.One - lo;
        T w0 = ClassWeights is null ? T.One : T.CreateTruncating(ClassWeights[0]);
        T w1 = ClassWeights is null ? T.One : T.CreateTruncating(ClassWeights[1]);
        T invNC = T.One / T.CreateTruncating((double)n * cols);
        ReadOnlySpan<T> p = predictions.Span;
        ReadOnlySpan<T> tt = targets.Span;
        Span<T> g = gradient.Span;
        T total = T.Zero;
        for (int r = 0; r < n; r++)
        {
            T w = WeightOf(sampleWeights, r) * invNC;
            for (int c = 0; c < cols; c++)
            {
                int i = (r * cols) + c;
                T t0 = tt[i];
                T scale = w * ((t0 * w1) + ((T.One - t0) * w0));
                T t = ((T.One - eps) * t0) + (eps * half);
                T z = p[i];
                if (FromLogits)
                {
                    total += scale * (T.Max(z, T.Zero) - (z * t) + T.LogP1(T.Exp(-T.Abs(z))));
                    g[i] = scale * ((T.One / (T.One + T.Exp(-z))) - t);
                }
                else
                {
                    T pc = T.Clamp(z, lo, hi);
                    total -= scale * ((t * T.Log(pc)) + ((T.One - t) * T.Log(T.One - pc)));
                    g[i] = z >= lo && z <= hi ? scale * (pc - t) / (pc * (T.One - pc)) : T.Zero;
                }
            }
        }

        return total;
    }
}
