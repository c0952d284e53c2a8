using Backprop.Serialization;

namespace Backprop.Onnx;

/// <summary>How <c>ExportOnnx</c> writes a model: opset, value names, an appended softmax, float16 weights, and
/// converters for custom layers.</summary>
/// <remarks>Thread safety: a plain options object; do not change it while an export that uses it runs. Exports that
/// only read the same options may run on several threads at once.</remarks>
public sealed class OnnxExportOptions
{
    /// <summary>The lowest opset written: 17, the first with <c>LayerNormalization</c>.</summary>
    public const int MinimumOpset = 17;

    /// <summary>The highest opset written (ONNX 1.18's default opset, run by ONNX Runtime 1.31).</summary>
    public const int MaximumOpset = 23;

    /// <summary>The default options.</summary>
    public static OnnxExportOptions Default { get; } = new();

    /// <summary>The ONNX opset version (<see cref="MinimumOpset"/> to <see cref="MaximumOpset"/>; default 17). From
    /// opset 20 the float GELU is written as ONNX's <c>Gelu</c> op instead of its <c>Erf</c>/<c>Tanh</c> formula.</summary>
    public int Opset { get; init; } = MinimumOpset;

    /// <summary>The graph input's name (default <c>"input"</c>); its shape is <c>[batch, features]</c>.</summary>
    public string InputName { get; init; } = "input";

    /// <summary>The graph output's name (default <c>"output"</c>); its shape is <c>[batch, outputs]</c>.</summary>
    public string OutputName { get; init; } = "output";

    /// <summary>The name of the symbolic batch dimension (default <c>"batch"</c>).</summary>
    public string BatchDimension { get; init; } = "batch";

    /// <summary>Appends a <c>Softmax</c> over the last axis, for a model trained on logits (e.g. with
    /// <c>CategoricalCrossEntropy(fromLogits: true)</c>) whose users want probabilities. Refused when the model already
    /// ends in a softmax.</summary>
    public bool AppendSoftmax { get; init; }

    /// <summary>Stores weights and other parameters as float16 initializers, each followed by a <c>Cast</c> to the
    /// model's element type: half the file size of float, at float16's precision (11 significant bits, a relative error
    /// up to 2⁻¹¹ ≈ 4.9e-4 per weight; magnitudes above 65504 become infinite). ONNX Runtime folds the casts when it
    /// loads the model, so inference speed is unchanged.</summary>
    public bool Float16Weights { get; init; }

    /// <summary>Converters for layers the exporter does not know (custom layers); they are asked first, so one may also
    /// replace a built-in layer's ONNX form. See <see cref="OnnxLayerConverter"/>.</summary>
    public IReadOnlyList<OnnxLayerConverter> Converters { get; init; } = [];

    /// <summary>The registry that names activations and layers (default <see cref="ModelRegistry.Default"/>); the
    /// exporter reads built-in activations' hyper-parameters through it and writes the architecture JSON into the
    /// model's metadata.</summary>
    public ModelRegistry? Registry { get; init; }

    /// <summary>The model's version number written as <c>model_version</c> (default 1).</summary>
    public long ModelVersion { get; init; } = 1;

    /// <summary>Checks every value; throws naming the first bad one.</summary>
    internal void Validate()
    {
        if (Opset is < MinimumOpset or > MaximumOpset)
        {
            throw new ArgumentOutOfRangeException(nameof(Opset), Opset, $"OnnxExportOptions: '{nameof(Opset)}' must be in [{MinimumOpset}, {MaximumOpset}]; got {Opset}.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(InputName, nameof(InputName));
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputName, nameof(OutputName));
        ArgumentException.ThrowIfNullOrWhiteSpace(BatchDimension, nameof(BatchDimension));
        if (InputName == OutputName)
        {
            throw new ArgumentException($"'{nameof(OutputName)}' must differ from '{nameof(InputName)}'; both are '{InputName}'.", nameof(OutputName));
        }

        ArgumentNullException.ThrowIfNull(Converters, nameof(Converters));
    }
}
