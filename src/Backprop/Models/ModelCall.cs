namespace Backprop.Models;

/// <summary>The calls that <see cref="ModelUsage"/> tracks on a model, by the name its messages use.</summary>
internal enum ModelCall
{
    /// <summary>Predict in any form (batched, single row, classes, array forms): shared.</summary>
    Predict = 0,

    /// <summary>Evaluate: shared.</summary>
    Evaluate = 1,

    /// <summary>Save, SaveWeights and ToJson: shared (they only read the weights).</summary>
    Save = 2,

    /// <summary>Fit: exclusive (it changes the weights and every layer's buffers).</summary>
    Fit = 3,

    /// <summary>PredictMonteCarlo: exclusive (it switches the noise layers on and advances their steps).</summary>
    PredictMonteCarlo = 4,

    /// <summary>GradientCheck: exclusive (it perturbs the weights).</summary>
    GradientCheck = 5,

    /// <summary>LoadWeights: exclusive (it replaces the weights). The last value the exclusive field of <see cref="ModelUsage"/> can hold.</summary>
    LoadWeights = 6,
}
