namespace Backprop.Initializers;

/// <summary>The distribution a variance-scaling initializer draws from.</summary>
/// <remarks>Thread safety: a plain enum value; safe on any thread.</remarks>
public enum Distribution
{
    /// <summary>Uniform on (−√(3s/n), √(3s/n)).</summary>
    Uniform,

    /// <summary>Normal with mean 0 and standard deviation √(s/n).</summary>
    Normal,
}
