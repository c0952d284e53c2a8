using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Regularization;

namespace Backprop.Serialization;

/// <summary>
/// The closed set of names a model file may use: every built-in layer, activation, initializer, regularizer and
/// constraint under a stable name, plus whatever the application registers explicitly. Loading refuses any name
/// not registered here; a .NET type name read from a file is never instantiated.
/// </summary>
/// <remarks>
/// Thread-safety: all members are safe to call from several threads at once (registration takes a lock). Register
/// custom types at start-up, before the first save or load that needs them. <see cref="Default"/> is the registry
/// <c>Save</c> and <c>Load</c> use unless given another.
/// </remarks>
public sealed class ModelRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LayerSerializer> _layersByName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, LayerSerializer> _layersByType = [];
    private readonly Dictionary<(Type Family, string Name), object> _componentsByName = [];
    private readonly Dictionary<(Type Family, Type Concrete), object> _componentsByType = [];

    /// <summary>Creates a registry holding the built-in types.</summary>
    public ModelRegistry() => BuiltInSerializers.RegisterAll(this);

    /// <summary>The process-wide registry used by default.</summary>
    public static ModelRegistry Default { get; } = new();

    /// <summary>Adds a layer type.</summary>
    /// <param name="serializer">Its serializer.</param>
    /// <exception cref="ArgumentException">The name or the layer type is registered already.</exception>
    public void Register(LayerSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentException.ThrowIfNullOrWhiteSpace(serializer.TypeName);
        lock (_gate)
        {
            if (_layersByName.ContainsKey(serializer.TypeName) || _layersByType.ContainsKey(serializer.LayerType))
            {
                throw new ArgumentException($"The layer name '{serializer.TypeName}' or the type {serializer.LayerType.Name} is registered already.", nameof(serializer));
            }

            _layersByName.Add(serializer.TypeName, serializer);
            _layersByType.Add(serializer.LayerType, serializer);
        }
    }

    /// <summary>Adds an activation, initializer, regularizer or constraint type.</summary>
    /// <typeparam name="TComponent">The family: <see cref="Activation"/>, <see cref="Initializer"/>, <see cref="Regularizer"/> or <see cref="Constraint"/>.</typeparam>
    /// <param name="serializer">Its serializer.</param>
    /// <exception cref="ArgumentException">The name or the type is registered already in that family.</exception>
    public void Register<TComponent>(ComponentSerializer<TComponent> serializer)
        where TComponent : class
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentException.ThrowIfNullOrWhiteSpace(serializer.TypeName);
        lock (_gate)
        {
            var byName = (typeof(TComponent), serializer.TypeName);
            var byType = (typeof(TComponent), serializer.ComponentType);
            if (_componentsByName.ContainsKey(byName) || _componentsByType.ContainsKey(byType))
            {
                throw new ArgumentException(
                    $"The {typeof(TComponent).Name} name '{serializer.TypeName}' or the type {serializer.ComponentType.Name} is registered already.", nameof(serializer));
            }

            _componentsByName.Add(byName, serializer);
            _componentsByType.Add(byType, serializer);
        }
    }

    /// <summary>
    /// Describes an activation, initializer, regularizer or constraint the way a model file stores it: its registered
    /// name and its hyper-parameters (e.g. <c>"leaky_relu"</c> with <c>alpha</c>). Exporters such as Backprop.Onnx read
    /// components through this, so the architecture is described once, here.
    /// </summary>
    /// <typeparam name="TComponent">The family: <see cref="Activation"/>, <see cref="Initializer"/>, <see cref="Regularizer"/> or <see cref="Constraint"/>.</typeparam>
    /// <param name="component">The component.</param>
    /// <returns>The registered name and a config to read the hyper-parameters from (<see cref="ComponentConfig.GetDouble"/> and the other getters).</returns>
    /// <exception cref="NotSupportedException">The component's type is not registered.</exception>
    public (string TypeName, ComponentConfig Config) Describe<TComponent>(TComponent component)
        where TComponent : class
    {
        ArgumentNullException.ThrowIfNull(component);
        var serializer = SerializerFor(component);
        var config = new ComponentConfig(serializer.TypeName, [], this);
        serializer.WriteConfig(component, config);
        return (serializer.TypeName, config);
    }

    /// <summary>The serializer for a layer instance, or an exception telling the user to register it.</summary>
    internal LayerSerializer LayerSerializerFor(object layer)
    {
        var type = layer.GetType();
        var key = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        lock (_gate)
        {
            return _layersByType.TryGetValue(key, out var s)
                ? s
                : throw new NotSupportedException(
                    $"The layer type {type.Name} is not registered for saving: derive a LayerSerializer for it and call ModelRegistry.Default.Register (see docs/persistence.md, \"Custom types\").");
        }
    }

    /// <summary>The serializer for a layer name read from a file.</summary>
    internal LayerSerializer? LayerNamed(string name)
    {
        lock (_gate)
        {
            return _layersByName.GetValueOrDefault(name);
        }
    }

    /// <summary>The serializer for a component instance, or an exception telling the user to register it.</summary>
    internal ComponentSerializer<TComponent> SerializerFor<TComponent>(TComponent component)
        where TComponent : class
    {
        lock (_gate)
        {
            return _componentsByType.TryGetValue((typeof(TComponent), component.GetType()), out var s)
                ? (ComponentSerializer<TComponent>)s
                : throw new NotSupportedException(
                    $"The {typeof(TComponent).Name} type {component.GetType().Name} is not registered for saving: register a ComponentSerializer<{typeof(TComponent).Name}> for it (ComponentSerializer<{typeof(TComponent).Name}>.Create).");
        }
    }

    /// <summary>The serializer for a component name read from a file.</summary>
    internal ComponentSerializer<TComponent>? ComponentNamed<TComponent>(string name)
        where TComponent : class
    {
        lock (_gate)
        {
            return _componentsByName.TryGetValue((typeof(TComponent), name), out var s) ? (ComponentSerializer<TComponent>)s : null;
        }
    }
}
