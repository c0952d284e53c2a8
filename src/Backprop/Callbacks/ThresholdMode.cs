namespace Backprop.Callbacks;

/// <summary>How a minimum improvement δ is measured against the best value b so far.</summary>
/// <remarks>Thread safety: a plain enum value; safe on any thread.</remarks>
public enum ThresholdMode
{
    /// <summary>Improvement means beating b by more than δ: <c>x &lt; b − δ</c> (min) or <c>x &gt; b + δ</c> (max).</summary>
    Absolute,

    /// <summary>Improvement means beating b by more than δ·|b|: <c>x &lt; b − δ·|b|</c> (min) or <c>x &gt; b + δ·|b|</c> (max).</summary>
    Relative,
}
