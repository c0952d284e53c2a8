namespace Backprop.Training;

/// <summary>Why <c>Fit</c> ended.</summary>
/// <remarks>Thread safety: a plain enum value; safe on any thread.</remarks>
public enum StopReason
{
    /// <summary>All requested epochs ran.</summary>
    MaxEpochs,

    /// <summary>Early stopping: the monitored value did not improve for <c>patience</c> epochs.</summary>
    PatienceExhausted,

    /// <summary>Early stopping: the monitored value did not reach the baseline within the patience.</summary>
    BaselineNotReached,

    /// <summary>The loss became NaN or infinite.</summary>
    NaN,

    /// <summary>The cancellation token was signalled.</summary>
    Cancelled,

    /// <summary>A callback asked to stop for a reason of its own.</summary>
    Callback,
}
