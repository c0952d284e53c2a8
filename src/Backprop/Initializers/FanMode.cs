namespace Backprop.Initializers;

/// <summary>Which fan a variance-scaling initializer divides by.</summary>
public enum FanMode
{
    /// <summary>fanIn.</summary>
    In,

    /// <summary>fanOut.</summary>
    Out,

    /// <summary>(fanIn + fanOut) / 2.</summary>
    Average,
}
