using System.Numerics;

namespace Backprop.Losses;

/// <summary>
/// Huber loss with threshold δ: per element <c>h(e) = e²/2</c> for <c>|e| ≤ δ</c>, else <c>δ(|e| − δ/2)</c>,
/// averaged as <c>L = (1/N) Σᵢ wᵢ·(1/C) Σⱼ h(pᵢⱼ − tᵢⱼ)</c>; <c>h′(e) = e</c> or <c>δ·sign(e)</c>.
/// </summary>
/// <remarks>Thread safety: keeps the last batch's gradient (and scratch buffers), so one caller at a time: a training
/// loop needs its own instance, while concurrent <c>Evaluate</c> calls may share one (Evaluate takes turns through
/// it).</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Huber<T> : ElementwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _delta;

    /// <summary>Creates the loss.</summary>
    /// <param name="delta">The threshold δ between quadratic and linear (&gt; 0, default 1).</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="delta"/> is not finite and &gt; 0.</exception>
    public Huber(double delta = 1.0)
    {
        Delta = Guard.Positive(delta, nameof(delta), "Huber");
        _delta = T.CreateTruncating(delta);
    }

    /// <summary>The threshold δ.</summary>
    public double Delta { get; }

    /// <inheritdoc/>
    public override string Name => "huber";

    /// <inheritdoc/>
    protected override T Term(T error)
    {
        T a = T.Abs(error);
        T half = T.CreateTruncating(0.5);
        return a <= _delta ? half * error * error : _delta * (a - (half * _delta));
    }

    /// <inheritdoc/>
    protected override T TermDerivative(T error)
        => T.Abs(error) <= _delta ? error : error > T.Zero ? _delta : -_delta;
}
