using System.Numerics;

namespace Backprop.Optimizers;

/// <summary>Adagrad: <c>G ← G + g²</c>, <c>w ← w − lr·g/(√G + ε)</c>, with G starting at <see cref="InitialAccumulator"/>.</summary>
/// <remarks>Thread safety: keeps per-parameter state (moments, step count) for one training loop at a time, and the
/// weights it updates must not be read meanwhile — <c>Fit</c> refuses to overlap Predict for that reason. <c>Step</c>
/// spreads its own work over the kernel threads.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Adagrad<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size (default 0.01).</param>
    /// <param name="initialAccumulator">Starting value of G (≥ 0, default 0).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e−10).</param>
    /// <exception cref="System.ArgumentOutOfRangeException">A hyperparameter is outside its range (the message names it and the value).</exception>
    public Adagrad(double learningRate = 0.01, double initialAccumulator = 0, double epsilon = 1e-10)
        : base(learningRate)
    {
        Guard.NonNegative(initialAccumulator, nameof(initialAccumulator));

        Guard.Positive(epsilon, nameof(epsilon));

        InitialAccumulator = initialAccumulator;
        Epsilon = epsilon;
    }

    /// <summary>Starting value of the accumulator.</summary>
    public double InitialAccumulator { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override int StateSlots => 1;

    /// <inheritdoc/>
    protected override void InitializeState(T[][] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state[0].AsSpan().Fill(T.CreateTruncating(InitialAccumulator));
    }

    /// <inheritdoc/>
    /// <value>True: the rule updates each element from that element alone.</value>
    public override bool IsElementwise => true;

    /// <inheritdoc/>
    protected override void Update(ParameterSlice<T> slice)
    {
        T eps = T.CreateTruncating(Epsilon);
        Span<T> value = slice.Value;
        ReadOnlySpan<T> gradient = slice.Gradient;
        T learningRate = slice.LearningRate;
        Span<T> acc = slice.State(0);
        for (int i = 0; i < value.Length; i++)
        {
            T g = gradient[i];
            T a = acc[i] + (g * g);
            acc[i] = a;
            value[i] -= learningRate * g / (T.Sqrt(a) + eps);
        }
    }
}
