using System.Numerics;

namespace Backprop.Training;

/// <summary>The result of <c>Sequential.PredictMonteCarlo</c>: per-output mean and variance over N stochastic passes.</summary>
/// <remarks>Thread safety: an immutable record; its tensors are new and belong to the caller.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <param name="Mean">Mean output over the passes, <c>[rows, outputs]</c>.</param>
/// <param name="Variance">Population variance (divided by N) over the passes, same shape.</param>
/// <param name="Passes">N.</param>
public sealed record MonteCarloPrediction<T>(Tensor2D<T> Mean, Tensor2D<T> Variance, int Passes)
    where T : unmanaged, IFloatingPointIeee754<T>;
