using System.Numerics;
using Backprop.Layers;

namespace Backprop.Serialization;

/// <summary>Pairs a file's tensors with a model's parameters: every parameter needs a tensor of its name and shape, and every tensor a parameter.</summary>
internal static class ParameterTensors
{
    /// <summary>Maps each tensor name to the built parameter it fills.</summary>
    /// <param name="layers">The model's layers, built.</param>
    /// <param name="entries">The file's tensors.</param>
    /// <param name="allowExtraTensors">Whether tensors named with a ':' (checkpoint state) may stand beside the parameters.</param>
    /// <param name="whose">"the architecture" or "the model", for messages.</param>
    /// <param name="expectedShape">How a message introduces the expected shape.</param>
    /// <param name="error">Builds the exception for a problem.</param>
    /// <returns>The parameter each tensor fills, by tensor name.</returns>
    public static Dictionary<string, Parameter<T>> Match<T>(
        IReadOnlyList<Layer<T>> layers, List<SafeTensorEntry> entries, bool allowExtraTensors, string whose, string expectedShape, Func<string, InvalidDataException> error)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var targets = new Dictionary<string, Parameter<T>>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            foreach (var p in layer.Parameters)
            {
                string name = Architecture.TensorName(layer, p);
                if (!byName.TryGetValue(name, out var e))
                {
                    string present = string.Join(", ", entries.Where(x => !x.Name.Contains(':', StringComparison.Ordinal)).Select(x => x.Name));
                    throw error($"{whose} has parameter '{name}' but the file has no tensor of that name (tensors: {present})");
                }

                if (e.Shape.Length != 2 || e.Shape[0] != p.Value.Rows || e.Shape[1] != p.Value.Columns)
                {
                    throw error($"tensor '{name}' has shape [{string.Join(", ", e.Shape)}] but {expectedShape} [{p.Value.Rows}, {p.Value.Columns}]");
                }

                targets.Add(name, p);
            }
        }

        var unexpected = entries.FirstOrDefault(e => !targets.ContainsKey(e.Name) && !(allowExtraTensors && e.Name.Contains(':', StringComparison.Ordinal)));
        return unexpected is null ? targets : throw error($"tensor '{unexpected.Name}' belongs to no parameter of {whose}");
    }
}
