namespace Backprop.Serialization;

/// <summary>
/// Saves and re-creates one type of activation, initializer, regularizer or constraint (<typeparamref name="TComponent"/>)
/// under a stable name. Register one for each custom component (<see cref="ModelRegistry.Register{TComponent}"/>), or
/// build one from two delegates with <see cref="Create{TConcrete}"/>.
/// </summary>
/// <typeparam name="TComponent">The component family: <c>Activation</c>, <c>Initializer</c>, <c>Regularizer</c> or <c>Constraint</c>.</typeparam>
/// <remarks>Implementations must be stateless: they are shared by every save and load, from any thread.</remarks>
public abstract class ComponentSerializer<TComponent> where TComponent : class
{
    /// <summary>The stable name written to files (e.g. <c>"relu"</c>).</summary>
    public abstract string TypeName { get; }

    /// <summary>The concrete type this serializer handles.</summary>
    public abstract Type ComponentType { get; }

    /// <summary>Writes the component's hyper-parameters.</summary>
    /// <param name="component">A component of type <see cref="ComponentType"/>.</param>
    /// <param name="config">Where to write them.</param>
    public abstract void WriteConfig(TComponent component, ComponentConfig config);

    /// <summary>Creates the component from hyper-parameters written by <see cref="WriteConfig"/>.</summary>
    /// <param name="config">The hyper-parameters.</param>
    /// <returns>The component.</returns>
    public abstract TComponent Create(ComponentConfig config);

    /// <summary>A serializer from two delegates.</summary>
    /// <typeparam name="TConcrete">The concrete type handled.</typeparam>
    /// <param name="typeName">The stable name.</param>
    /// <param name="write">Writes the hyper-parameters.</param>
    /// <param name="create">Creates the component from them.</param>
    /// <returns>The serializer.</returns>
    public static ComponentSerializer<TComponent> Create<TConcrete>(string typeName, Action<TConcrete, ComponentConfig> write, Func<ComponentConfig, TConcrete> create)
        where TConcrete : TComponent
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(create);
        return new Delegating(typeName, typeof(TConcrete), (c, cfg) => write((TConcrete)c, cfg), cfg => create(cfg));
    }

    private sealed class Delegating(string typeName, Type type, Action<TComponent, ComponentConfig> write, Func<ComponentConfig, TComponent> create)
        : ComponentSerializer<TComponent>
    {
        public override string TypeName => typeName;

        public override Type ComponentType => type;

        public override void WriteConfig(TComponent component, ComponentConfig config) => write(component, config);

        public override TComponent Create(ComponentConfig config) => create(config);
    }
}
