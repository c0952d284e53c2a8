using System.Numerics;

namespace Backprop.Losses;

/// <summary>
/// Mean absolute error: <c>L = (1/N) Σᵢ wᵢ·(1/C) Σⱼ |pᵢⱼ − tᵢⱼ|</c>; <c>∂L/∂pᵢⱼ = wᵢ·sign(pᵢⱼ − tᵢⱼ)/(N·C)</c>
/// (subgradient 0 where the error is exactly 0).
/// </summary>
/// <remarks>Thread safety: keeps the last batch's gradient (and scratch buffers), so one caller at a time: a training
/// loop needs its own instance, while concurrent <c>Evaluate</c> calls may share one (Evaluate takes turns through
/// it).</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MeanAbsoluteError<T> : ElementwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override string Name => "mean_absolute_error";

    /// <inheritdoc/>
    protected override T Term(T error) => T.Abs(error);

    /// <inheritdoc/>
    protected override T TermDerivative(T error) => error > T.Zero ? T.One : error < T.Zero ? -T.One : T.Zero;
}
