using System.Numerics;
using Backprop.Layers;

namespace Backprop.Serialization;

/// <summary>What <see cref="ModelFile.Read{T}"/> returns: built layers holding the saved weights, and the rest of the file.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Layers">The layers, built and filled, first to last.</param>
/// <param name="InputFeatures">The model's input width.</param>
/// <param name="Metadata">The file's metadata.</param>
/// <param name="ExtraTensors">Tensors that are not parameters (checkpoints), by name.</param>
internal sealed record LoadedModel<T>(List<Layer<T>> Layers, int InputFeatures, Dictionary<string, string> Metadata, Dictionary<string, NamedTensor<T>> ExtraTensors)
    where T : unmanaged, IFloatingPointIeee754<T>;
