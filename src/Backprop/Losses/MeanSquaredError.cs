using System.Numerics;

namespace Backprop.Losses;

/// <summary>
/// Mean squared error: <c>L = (1/N) Σᵢ wᵢ·(1/C) Σⱼ (pᵢⱼ − tᵢⱼ)²</c>; <c>∂L/∂pᵢⱼ = 2wᵢ(pᵢⱼ − tᵢⱼ)/(N·C)</c>.
/// </summary>
/// <remarks>Thread safety: keeps the last batch's gradient (and scratch buffers), so one caller at a time: a training
/// loop needs its own instance, while concurrent <c>Evaluate</c> calls may share one (Evaluate takes turns through
/// it).</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MeanSquaredError<T> : ElementwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override string Name => "mean_squared_error";

    /// <inheritdoc/>
    protected override T Term(T error) => error * error;

    /// <inheritdoc/>
    protected override T TermDerivative(T error) => error + error;
}
