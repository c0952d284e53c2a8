using System.Numerics;
using Backprop.Kernels;

namespace Backprop.Optimizers;

/// <summary>
/// Adam: <c>m ← β₁m + (1 − β₁)g</c>, <c>v ← β₂v + (1 − β₂)g²</c>,
/// <c>w ← w − lr·m̂/(√v̂ + ε)</c> with <c>m̂ = m/(1 − β₁ᵗ)</c>, <c>v̂ = v/(1 − β₂ᵗ)</c>.
/// With AMSGrad, <c>v̂</c> uses the running maximum of v. Weight decay here is decoupled (see <see cref="AdamW{T}"/>).
/// </summary>
/// <remarks>Thread safety: keeps per-parameter state (moments, step count) for one training loop at a time, and the
/// weights it updates must not be read meanwhile — <c>Fit</c> refuses to overlap Predict for that reason. <c>Step</c>
/// spreads its own work over the kernel threads.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size (default 0.001).</param>
    /// <param name="beta1">Decay of the first moment, in [0, 1) (default 0.9).</param>
    /// <param name="beta2">Decay of the second moment, in [0, 1) (default 0.999).</param>
    /// <param name="epsilon">Denominator guard ε &gt; 0 (default 1e−8).</param>
    /// <param name="amsGrad">Use the AMSGrad variant.</param>
    /// <param name="weightDecay">Decoupled weight decay (default 0).</param>
    /// <exception cref="System.ArgumentOutOfRangeException">A hyperparameter is outside its range (the message names it and the value).</exception>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, bool amsGrad = false, double weightDecay = 0)
        : base(learningRate)
    {
        Guard.InRange(beta1, 0, 1, nameof(beta1), maxExclusive: true);

        Guard.InRange(beta2, 0, 1, nameof(beta2), maxExclusive: true);

        Guard.Positive(epsilon, nameof(epsilon));

        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        AmsGrad = amsGrad;
        WeightDecay = weightDecay;
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>Whether AMSGrad is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    protected override int StateSlots => AmsGrad ? 3 : 2;

    /// <inheritdoc/>
    /// <value>True: the rule updates each element from that element alone.</value>
    public override bool IsElementwise => true;

    /// <inheritdoc/>
    protected override void Update(ParameterSlice<T> slice)
    {
        T b1 = T.CreateTruncating(Beta1);
        T b2 = T.CreateTruncating(Beta2);
        T eps = T.CreateTruncating(Epsilon);
        T correction1 = T.One / T.CreateTruncating(1 - Math.Pow(Beta1, slice.Step));
        T correction2 = T.One / T.CreateTruncating(1 - Math.Pow(Beta2, slice.Step));
        Span<T> vMax = AmsGrad ? slice.State(2) : default;
        Elementwise.Adam(slice.Value, slice.Gradient, slice.State(0), slice.State(1), vMax, slice.LearningRate, b1, b2, correction1, correction2, eps);
    }
}
