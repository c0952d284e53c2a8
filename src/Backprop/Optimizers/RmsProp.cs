using System.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// RMSProp: <c>s ← ρs + (1 − ρ)g²</c>, <c>w ← w − lr·g/(√s + ε)</c>; with momentum μ:
/// <c>b ← μb + g/(√s + ε)</c>, <c>w ← w − lr·b</c>.
/// </summary>
/// <remarks>Thread safety: keeps per-parameter state (moments, step count) for one training loop at a time, and the
/// weights it updates must not be read meanwhile — <c>Fit</c> refuses to overlap Predict for that reason. <c>Step</c>
/// spreads its own work over the kernel threads.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RmsProp<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size (default 0.001).</param>
    /// <param name="rho">Decay ρ of the squared-gradient average, in [0, 1) (default 0.9).</param>
    /// <param name="momentum">Momentum μ in [0, 1) (default 0).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e−7).</param>
    /// <exception cref="System.ArgumentOutOfRangeException">A hyperparameter is outside its range (the message names it and the value).</exception>
    public RmsProp(double learningRate = 0.001, double rho = 0.9, double momentum = 0, double epsilon = 1e-7)
        : base(learningRate)
    {
        Guard.InRange(rho, 0, 1, nameof(rho), maxExclusive: true);

        Guard.InRange(momentum, 0, 1, nameof(momentum), maxExclusive: true);

        Guard.Positive(epsilon, nameof(epsilon));

        Rho = rho;
        Momentum = momentum;
        Epsilon = epsilon;
    }

    /// <summary>ρ.</summary>
    public double Rho { get; }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override int StateSlots => Momentum > 0 ? 2 : 1;

    /// <inheritdoc/>
    /// <value>True: the rule updates each element from that element alone.</value>
    public override bool IsElementwise => true;

    /// <inheritdoc/>
    protected override void Update(ParameterSlice<T> slice)
    {
        T rho = T.CreateTruncating(Rho);
        T oneMinusRho = T.One - rho;
        T eps = T.CreateTruncating(Epsilon);
        T mu = T.CreateTruncating(Momentum);
        Span<T> value = slice.Value;
        ReadOnlySpan<T> gradient = slice.Gradient;
        T learningRate = slice.LearningRate;
        Span<T> s = slice.State(0);
        Span<T> velocity = Momentum > 0 ? slice.State(1) : default;
        for (int i = 0; i < value.Length; i++)
        {
            T g = gradient[i];
            T si = (rho * s[i]) + (oneMinusRho * g * g);
            s[i] = si;
            T direction = g / (T.Sqrt(si) + eps);
            if (Momentum > 0)
            {
                direction = (mu * velocity[i]) + direction;
                velocity[i] = direction;
            }

            value[i] -= learningRate * direction;
        }
    }
}
