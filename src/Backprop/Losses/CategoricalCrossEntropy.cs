using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Losses;

/// <summary>
/// Categorical cross-entropy over K classes.
/// <para>Targets are either one-hot/soft rows <c>[batch, K]</c>, or sparse class indices <c>[batch, 1]</c>
/// (integers in [0, K)) — the layout is detected from the target width.</para>
/// <para>Per sample: <c>ℓᵢ = −Σₖ t′ᵢₖ log pᵢₖ</c> with smoothed targets <c>t′ = (1 − ε)t + ε/K</c>;
/// <c>L = (1/N) Σᵢ wᵢ cᵢ ℓᵢ</c> where wᵢ is the sample weight and cᵢ the class weight of the sample
/// (for soft targets <c>cᵢ = Σₖ tᵢₖ·classWeightₖ</c>).</para>
/// <para>With <see cref="FromLogits"/> the predictions are logits z and the softmax is fused:
/// <c>ℓᵢ = Σₖ t′ᵢₖ (logsumexp(zᵢ) − zᵢₖ)</c>, <c>∂L/∂zᵢₖ = wᵢcᵢ(softmax(zᵢ)ₖ·Σₖt′ᵢₖ − t′ᵢₖ)/N</c> — stable for any logits.
/// Otherwise predictions are probabilities, clipped to [1e−7, 1] before the log, and
/// <c>∂L/∂pᵢₖ = −wᵢcᵢ t′ᵢₖ/(N·pᵢₖ)</c>.</para>
/// </summary>
/// <remarks>Thread safety: keeps the last batch's gradient (and scratch buffers), so one caller at a time: a training
/// loop needs its own instance, while concurrent <c>Evaluate</c> calls may share one (Evaluate takes turns through
/// it).</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class CategoricalCrossEntropy<T> : Loss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Epsilon = 1e-7;
    private T[] _smoothed = [];
    private T[] _rowMax = [];

    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">True when predictions are raw logits (recommended: fused, stable softmax).</param>
    /// <param name="labelSmoothing">ε in [0, 1): mixes targets with the uniform distribution.</param>
    /// <param name="classWeights">Optional weight per class (length K, finite, ≥ 0).</param>
    /// <exception cref="System.ArgumentOutOfRangeException">Label smoothing outside [0, 1), or a class weight negative, NaN or ∞.</exception>
    public CategoricalCrossEntropy(bool fromLogits = false, double labelSmoothing = 0, IReadOnlyList<double>? classWeights = null)
    {
        Guard.InRange(labelSmoothing, 0, 1, nameof(labelSmoothing), maxExclusive: true, owner: "CategoricalCrossEntropy");
        ClassWeightValidation.Check(classWeights);
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
        ClassWeights = classWeights?.ToArray();
    }

    /// <summary>True when predictions are logits (softmax fused into the loss).</summary>
    public bool FromLogits { get; }

    /// <summary>The label-smoothing ε.</summary>
    public double LabelSmoothing { get; }

    /// <summary>Per-class weights, or null.</summary>
    public IReadOnlyList<double>? ClassWeights { get; }

    /// <inheritdoc/>
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc/>
    protected override void ValidateTargets(Tensor2D<T> predictions, Tensor2D<T> targets)
    {
        int k = predictions.Columns;
        if (k < 2)
        {
            throw new ArgumentException(
                $"{Name} needs at least 2 output columns (classes) but predictions have {k}; use BinaryCrossEntropy for one output.",
                nameof(predictions));
        }

        if (targets.Columns == 1)
        {
            Guard.ClassLabels(targets.Span, k, "label", nameof(targets), Name);
        }
        else if (targets.Columns != k)
        {
            throw new ArgumentException(
                $"{Name}: predictions have {k} classes but targets have {targets.Columns} columns " +
                "(expected one-hot/soft targets with the same width, or one column of class indices).",
                nameof(targets));
        }

        if (ClassWeights is not null && ClassWeights.Count != k)
        {
            throw new ArgumentException(
                $"{Name}: {ClassWeights.Count} class weights were given for {k} classes.", nameof(targets));
        }

        if (!FromLogits)
        {
            ProbabilityPredictions.Check(predictions, Name, "Softmax");
        }
    }

    /// <inheritdoc/>
    protected override T Compute(Tensor2D<T> predictions, Tensor2D<T> targets, ReadOnlySpan<T> sampleWeights, Tensor2D<T> gradient)
    {
        int n = predictions.Rows;
        int k = predictions.Columns;
        bool sparse = targets.Columns == 1;
        if (_smoothed.Length < k)
        {
            _smoothed = new T[k];
        }

        Span<T> t = _smoothed.AsSpan(0, k);
        T eps = T.CreateTruncating(LabelSmoothing);
        T uniform = eps / T.CreateTruncating(k);
        T invN = T.One / T.CreateTruncating(n);
        T clip = T.CreateTruncating(Epsilon);
        T total = T.Zero;
        if (FromLogits)
        {
            // exp(p − max) of the whole batch in one vectorised call, rather than a few short calls per row.
            if (_rowMax.Length < n)
            {
                _rowMax = new T[n];
            }

            ReadOnlySpan<T> all = predictions.Span;
            Span<T> shiftedAll = gradient.Span;
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<T> p = all.Slice(i * k, k);
                Span<T> g = shiftedAll.Slice(i * k, k);

                // One vectorised call per row (the maximum of a set does not depend on the order, NaN and ±0 included).
                T max = TensorPrimitives.Max(p);
                int c;
                for (c = 0; c < k; c++)
                {
                    g[c] = p[c] - max;
                }

                _rowMax[i] = max;
            }

            Span<T> shifted = gradient.Span[..(n * k)];
            TensorPrimitives.Exp(shifted, shifted);
        }

        if (FromLogits && sparse && eps == T.Zero)
        {
            return SparseFromLogits(predictions, targets, sampleWeights, gradient, invN);
        }

        for (int i = 0; i < n; i++)
        {
            // Targets of this row, smoothed, and the row's class weight.
            T classWeight = T.One;
            if (sparse)
            {
                int label = int.CreateTruncating(targets[i, 0]);
                t.Clear();
                t[label] = T.One;
                if (ClassWeights is not null)
                {
                    classWeight = T.CreateTruncating(ClassWeights[label]);
                }
            }
            else
            {
                targets.Row(i).CopyTo(t);
                if (ClassWeights is not null)
                {
                    double cw = 0;
                    for (int c = 0; c < k; c++)
                    {
                        cw += double.CreateTruncating(t[c]) * ClassWeights[c];
                    }

                    classWeight = T.CreateTruncating(cw);
                }
            }

            if (eps != T.Zero)
            {
                for (int c = 0; c < k; c++)
                {
                    t[c] = ((T.One - eps) * t[c]) + uniform;
                }
            }

            T scale = WeightOf(sampleWeights, i) * classWeight * invN;
            ReadOnlySpan<T> p = predictions.Row(i);
            Span<T> g = gradient.Row(i);
            T rowLoss = T.Zero;
            if (FromLogits)
            {
                // g holds exp(p − max) from the pass above.
                T sumExp = T.Zero;
                T tSum = T.Zero;
                for (int c = 0; c < k; c++)
                {
                    sumExp += g[c];
                    tSum += t[c];
                }

                T logSumExp = _rowMax[i] + T.Log(sumExp);
                for (int c = 0; c < k; c++)
                {
                    rowLoss += t[c] * (logSumExp - p[c]);
                    g[c] = scale * (((g[c] / sumExp) * tSum) - t[c]);
                }
            }
            else
            {
                for (int c = 0; c < k; c++)
                {
                    // Clipped to [ε, 1]: a probability a rounding hair above 1 (accepted) must not make the loss negative.
                    T pc = T.Clamp(p[c], clip, T.One);
                    rowLoss -= t[c] * T.Log(pc);
                    g[c] = p[c] >= clip ? -scale * t[c] / pc : T.Zero;
                }
            }

            total += scale * rowLoss;
        }

        return total;
    }

    /// <summary>
    /// The common case (class indices, logits, no smoothing) without building a one-hot row: the same operations as the
    /// general path with t = e_label (Σt = 1), so the same bits. The gradient holds exp(p − max) on entry.
    /// </summary>
    private T SparseFromLogits(Tensor2D<T> predictions, Tensor2D<T> targets, ReadOnlySpan<T> sampleWeights, Tensor2D<T> gradient, T invN)
    {
        int n = predictions.Rows;
        int k = predictions.Columns;
        ReadOnlySpan<T> labels = targets.Span;
        T total = T.Zero;
        for (int i = 0; i < n; i++)
        {
            int label = int.CreateTruncating(labels[i]);
            T classWeight = ClassWeights is null ? T.One : T.CreateTruncating(ClassWeights[label]);
            T scale = WeightOf(sampleWeights, i) * classWeight * invN;
            ReadOnlySpan<T> p = predictions.Row(i);
            Span<T> g = gradient.Row(i);
            T sumExp = T.Zero;
            for (int c = 0; c < k; c++)
            {
                sumExp += g[c];
            }

            T logSumExp = _rowMax[i] + T.Log(sumExp);
            for (int c = 0; c < k; c++)
            {
                T q = g[c] / sumExp;
                g[c] = scale * (c == label ? q - T.One : q);
            }

            total += scale * (logSumExp - p[label]);
        }

        return total;
    }
}
