namespace Backprop.Training;

/// <summary>
/// The names under which <c>Fit</c> logs each epoch (the "loss ledger"). Training values are means over the
/// epoch's batches (weighted by batch size); validation values are computed after the epoch, in evaluation mode.
/// Metrics are logged under their own name (e.g. <c>accuracy</c>) and <c>val_</c> + name.
/// </summary>
/// <remarks>Thread safety: constants; safe anywhere.</remarks>
public static class LogKeys
{
    /// <summary><c>"loss"</c>: the training objective, <see cref="DataLoss"/> + <see cref="Penalty"/>.</summary>
    public const string Loss = "loss";

    /// <summary><c>"data_loss"</c>: the training loss function's value alone (no regularization).</summary>
    public const string DataLoss = "data_loss";

    /// <summary>
    /// <c>"penalty"</c>: the coupled regularization penalty during training: parameter penalties (L1/L2 on kernels,
    /// biases, …) plus activity penalties. Decoupled weight decay is not a penalty and is not included.
    /// </summary>
    public const string Penalty = "penalty";

    /// <summary><c>"val_loss"</c>: <see cref="ValidationDataLoss"/> + <see cref="ValidationPenalty"/> (comparable with <see cref="Loss"/>).</summary>
    public const string ValidationLoss = "val_loss";

    /// <summary>
    /// <c>"val_data_loss"</c>: the loss function on the validation data, in evaluation mode (no dropout, no penalty).
    /// The default monitor of <c>EarlyStopping</c> and <c>ReduceLROnPlateau</c>.
    /// </summary>
    public const string ValidationDataLoss = "val_data_loss";

    /// <summary>
    /// <c>"val_penalty"</c>: the parameter penalties at the end of the epoch (activity penalties are training-only
    /// and not included).
    /// </summary>
    public const string ValidationPenalty = "val_penalty";

    /// <summary><c>"lr"</c>: the optimizer's learning rate at the end of the epoch.</summary>
    public const string LearningRate = "lr";

    /// <summary>The prefix of validation entries, <c>"val_"</c>.</summary>
    public const string ValidationPrefix = "val_";
}
