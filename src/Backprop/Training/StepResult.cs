using System.Numerics;

namespace Backprop.Training;

/// <summary>What one <see cref="TrainStep{T}"/> reports.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="DataLoss">This rank's batch (or shard) data loss (mean over its samples, sample-weighted).</param>
/// <param name="Penalty">The regularization penalty added to the objective.</param>
/// <param name="Predictions">The model's outputs for the batch.</param>
/// <param name="Applied">False when the step was refused because its objective was not finite (no backward, no update).</param>
internal readonly record struct StepResult<T>(double DataLoss, double Penalty, Tensor2D<T> Predictions, bool Applied = true)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The data loss of the whole batch, what callbacks see: <see cref="DataLoss"/>, or in data-parallel training the combination over all ranks.</summary>
    public double BatchDataLoss { get; init; } = DataLoss;

    /// <summary>The penalty of the whole batch, what callbacks see (as <see cref="BatchDataLoss"/>).</summary>
    public double BatchPenalty { get; init; } = Penalty;
}
