using System.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter): Adam with decoupled weight decay <c>w ← w − lr·wd·w</c> applied outside the
/// adaptive moments, to kernels only unless <see cref="Optimizer{T}.DecayBiases"/> is set.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class AdamW<T> : Adam<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size (default 0.001).</param>
    /// <param name="weightDecay">Decoupled weight decay wd (default 0.01, as in PyTorch).</param>
    /// <param name="beta1">β₁ (default 0.9).</param>
    /// <param name="beta2">β₂ (default 0.999).</param>
    /// <param name="epsilon">ε (default 1e−8).</param>
    /// <param name="amsGrad">Use AMSGrad.</param>
    /// <exception cref="System.ArgumentOutOfRangeException">A hyperparameter is outside its range (the message names it and the value).</exception>
    public AdamW(double learningRate = 0.001, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, bool amsGrad = false)
        : base(learningRate, beta1, beta2, epsilon, amsGrad, weightDecay)
    {
    }
}
