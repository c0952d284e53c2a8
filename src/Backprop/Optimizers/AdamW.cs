using System.Numerics;
using Backprop.Layers;

namespace Backprop.Optimizers;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter): Adam with decoupled weight decay <c>w ← w − lr·wd·w</c>, applied to a parameter
/// just before its Adam step and never through the gradient or the adaptive moments. This is <see cref="Adam{T}"/>
/// with a weight decay of 0.01 by default (as in PyTorch) instead of 0.
/// </summary>
/// <remarks>
/// Which parameters decay is the <see cref="Optimizer{T}.Decay"/> policy's choice. By default: kernels and parameters of
/// role <see cref="ParameterRole.Other"/> (e.g. a custom layer's weights); not biases, normalization scales or shifts,
/// nor frozen parameters (running statistics are never trainable). <see cref="Optimizer{T}.DecayBiases"/> = true adds
/// biases and normalization scales and shifts; a <see cref="DecoupledWeightDecay"/> set as
/// <see cref="Optimizer{T}.Decay"/> chooses by role and by parameter name.
/// <para>Thread safety: keeps per-parameter state (moments, step count) for one training loop at a time, and the
/// weights it updates must not be read meanwhile — <c>Fit</c> refuses to overlap Predict for that reason. <c>Step</c>
/// spreads its own work over the kernel threads.</para>
/// </remarks>
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
