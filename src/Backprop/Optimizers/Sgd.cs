using System.Numerics;
using Backprop.Kernels;

namespace Backprop.Optimizers;

/// <summary>
/// Stochastic gradient descent, PyTorch formulation. Without momentum: <c>w ← w − lr·g</c>.
/// With momentum μ: <c>v ← μv + g</c>, then <c>w ← w − lr·v</c>, or with Nesterov <c>w ← w − lr·(g + μv)</c>.
/// </summary>
/// <remarks>Thread safety: keeps per-parameter state (moments, step count) for one training loop at a time, and the
/// weights it updates must not be read meanwhile — <c>Fit</c> refuses to overlap Predict for that reason. <c>Step</c>
/// spreads its own work over the kernel threads.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size (default 0.01).</param>
    /// <param name="momentum">Momentum μ in [0, 1) (default 0).</param>
    /// <param name="nesterov">Use Nesterov momentum (requires μ &gt; 0).</param>
    /// <param name="weightDecay">Decoupled weight decay (default 0).</param>
    /// <exception cref="System.ArgumentOutOfRangeException">The learning rate, momentum or weight decay is outside its range.</exception>
    /// <exception cref="System.ArgumentException">Nesterov without momentum.</exception>
    public Sgd(double learningRate = 0.01, double momentum = 0, bool nesterov = false, double weightDecay = 0)
        : base(learningRate)
    {
        Guard.InRange(momentum, 0, 1, nameof(momentum), maxExclusive: true);

        if (nesterov && momentum == 0)
        {
            throw new ArgumentException("Nesterov momentum needs momentum > 0.", nameof(nesterov));
        }

        Momentum = momentum;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
    }

    /// <summary>Momentum μ.</summary>
    public double Momentum { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override int StateSlots => Momentum > 0 ? 1 : 0;

    /// <inheritdoc/>
    /// <value>True: the rule updates each element from that element alone.</value>
    public override bool IsElementwise => true;

    /// <inheritdoc/>
    protected override void Update(ParameterSlice<T> slice)
    {
        if (Momentum == 0)
        {
            Elementwise.Sgd(slice.Value, slice.Gradient, slice.LearningRate);
            return;
        }

        Elementwise.SgdMomentum(slice.Value, slice.Gradient, slice.State(0), slice.LearningRate, T.CreateTruncating(Momentum), Nesterov);
    }
}
