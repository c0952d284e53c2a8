namespace Backprop.Initializers;

/// <summary>The distribution a variance-scaling initializer draws from.</summary>
public enum Distribution
{
    /// <summary>Uniform on (−√(3s/n), √(3s/n)).</summary>
    Uniform,

    /// <summary>Normal with mean 0 and standard deviation √(s/n).</summary>
    Normal,
}
