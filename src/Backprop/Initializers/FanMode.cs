namespace Backprop.Initializers;

/// <summary>Which fan a variance-scaling initializer divides by.</summary>
/// <remarks>Thread safety: a plain enum value; safe on any thread.</remarks>
public enum FanMode
{
    /// <summary>fanIn.</summary>
    In,

    /// <summary>fanOut.</summary>
    Out,

    /// <summary>(fanIn + fanOut) / 2.</summary>
    Average,
}
