namespace Backprop.Augmentation;

/// <summary>What geometric transforms put where the source pixel lies outside the image.</summary>
/// <remarks>Thread safety: a plain enum value; safe on any thread.</remarks>
public enum FillMode
{
    /// <summary>A constant value (the transform's fill value, 0 by default).</summary>
    Constant,

    /// <summary>The nearest edge pixel.</summary>
    Nearest,
}
