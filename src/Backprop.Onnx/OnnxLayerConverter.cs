using System.Numerics;
using Backprop.Layers;

namespace Backprop.Onnx;

/// <summary>
/// The hook for layers the exporter does not know: writes one layer type's ONNX nodes. Give instances to
/// <see cref="OnnxExportOptions.Converters"/>; the exporter asks them before its built-in forms.
/// </summary>
/// <remarks>
/// <para>A converter receives the name of the layer's input value (shape <c>[batch, InputFeatures]</c>) and returns the
/// name of its output value (shape <c>[batch, OutputFeatures]</c>), adding weights and nodes through the
/// <see cref="OnnxGraph"/>. Its output must equal the layer's evaluation output (<c>Predict</c>), which the ONNX
/// Runtime tests of this package check for the built-in layers.</para>
/// <para>Thread safety: implementations should be stateless; one instance may serve several exports at once.</para>
/// </remarks>
/// <example>
/// <code>
/// sealed class ScaleConverter : OnnxLayerConverter
/// {
///     public override Type LayerType => typeof(Scale&lt;&gt;);
///     public override string Convert&lt;T&gt;(Layer&lt;T&gt; layer, OnnxGraph graph, string input)
///         => graph.AddNode("Mul", [input, graph.AddWeight(layer.Name + "/factor", ((Scale&lt;T&gt;)layer).Factor.Value)]);
/// }
/// </code>
/// </example>
public abstract class OnnxLayerConverter
{
    /// <summary>The layer type this converter writes: a generic type definition such as <c>typeof(Scale&lt;&gt;)</c>,
    /// or a closed type.</summary>
    public abstract Type LayerType { get; }

    /// <summary>Adds the nodes that compute <paramref name="layer"/>'s evaluation output.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="layer">A built layer of type <see cref="LayerType"/>.</param>
    /// <param name="graph">The graph being written.</param>
    /// <param name="input">The name of the layer's input value.</param>
    /// <returns>The name of the layer's output value (may be <paramref name="input"/> for an identity).</returns>
    public abstract string Convert<T>(Layer<T> layer, OnnxGraph graph, string input)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>True when this converter writes layers of <paramref name="type"/>.</summary>
    internal bool Handles(Type type)
        => LayerType == type || (type.IsGenericType && LayerType == type.GetGenericTypeDefinition());
}
