namespace Backprop.Layers;

/// <summary>What a trainable parameter is for; regularizers and weight decay use it to decide what they apply to.</summary>
/// <remarks>Thread safety: a plain enum value; safe on any thread.</remarks>
public enum ParameterRole
{
    /// <summary>A weight matrix (kernel) of a layer such as Dense.</summary>
    Kernel,

    /// <summary>An additive bias vector.</summary>
    Bias,

    /// <summary>A scale (gamma) of a normalization layer.</summary>
    NormalizationScale,

    /// <summary>A shift (beta) of a normalization layer.</summary>
    NormalizationShift,

    /// <summary>Anything else a custom layer defines.</summary>
    Other,

    /// <summary>
    /// A statistic tracked during training but not learned by gradient descent (e.g. a batch normalization layer's
    /// running mean and variance). Such parameters are not trainable, never decay and receive no gradient; they are
    /// part of the model's weights (snapshots, restore-best, saving).
    /// </summary>
    RunningStatistic,
}
