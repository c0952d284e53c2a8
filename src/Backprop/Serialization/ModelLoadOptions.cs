namespace Backprop.Serialization;

/// <summary>What <c>Sequential&lt;T&gt;.Load</c> accepts: size caps checked before anything is allocated, and the registry of names.</summary>
/// <remarks>Immutable once created (init-only properties): safe to share between threads.</remarks>
public sealed class ModelLoadOptions
{
    /// <summary>The defaults: a 16 MiB header, 4 GiB of tensor data, <see cref="ModelRegistry.Default"/>.</summary>
    public static ModelLoadOptions Default { get; } = new();

    /// <summary>The largest JSON header accepted (default 16 MiB; Backprop's own headers are a few KiB).</summary>
    public int MaxHeaderBytes { get; init; } = 16 << 20;

    /// <summary>The largest total tensor data accepted (default 4 GiB).</summary>
    public long MaxDataBytes { get; init; } = 4L << 30;

    /// <summary>The registry that maps names in the file to layer, activation, initializer, regularizer and constraint types.</summary>
    public ModelRegistry Registry { get; init; } = ModelRegistry.Default;
}
