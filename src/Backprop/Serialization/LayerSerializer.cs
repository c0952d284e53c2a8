using System.Numerics;
using Backprop.Layers;

namespace Backprop.Serialization;

/// <summary>
/// Saves and re-creates one layer type under a stable name (Keras' <c>get_config</c>/<c>from_config</c>). Register a
/// subclass for each custom layer (<see cref="ModelRegistry.Register(LayerSerializer)"/>); a file names its layers by
/// <see cref="TypeName"/> only — a .NET type name read from a file is never instantiated.
/// </summary>
/// <remarks>
/// The framework stores each layer's name and activity regularizer, and every parameter's values; a serializer
/// stores only the constructor's hyper-parameters. Implementations must be stateless (they are shared by every save
/// and load, from any thread).
/// </remarks>
public abstract class LayerSerializer
{
    /// <summary>The stable name written to files (e.g. <c>"Dense"</c>, or <c>"mycompany.Scale"</c> for a custom layer).</summary>
    public abstract string TypeName { get; }

    /// <summary>The layer type: a generic type definition such as <c>typeof(Scale&lt;&gt;)</c>.</summary>
    public abstract Type LayerType { get; }

    /// <summary>Writes <paramref name="layer"/>'s hyper-parameters.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="layer">A layer of type <see cref="LayerType"/>.</param>
    /// <param name="config">Where to write them.</param>
    public abstract void WriteConfig<T>(Layer<T> layer, ComponentConfig config)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Creates an unbuilt layer from hyper-parameters written by <see cref="WriteConfig{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="config">The hyper-parameters.</param>
    /// <returns>The layer.</returns>
    public abstract Layer<T> Create<T>(ComponentConfig config)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
