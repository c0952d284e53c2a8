using System.Numerics;
using Backprop.Serialization;

namespace Backprop.Models;

/// <summary>
/// Files for a <see cref="Sequential{T}"/>: <c>model.Save</c>, <c>Sequential&lt;T&gt;.Load</c>, <c>SaveWeights</c> and
/// <c>LoadWeights</c> (C# 14 extension members, so they read as the model's own). The format and its guarantees are in
/// docs/persistence.md.
/// </summary>
/// <remarks>Thread safety: <c>Save</c> only reads the weights and may run beside <c>Predict</c>; <c>LoadWeights</c>
/// writes them and must not overlap any other call on the model; <c>Load</c> creates a new model.</remarks>
public static class SequentialFiles
{
    /// <summary>The model's file operations.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model.</param>
    extension<T>(Sequential<T> model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// Saves the architecture and weights as a safetensors file (readable by <c>safetensors.torch.load_file</c>),
        /// atomically: a crash leaves the previous file or the new one, never a mix. See docs/persistence.md.
        /// </summary>
        /// <param name="path">The file to write (replaced if it exists).</param>
        /// <param name="registry">Names for the layer and component types (default <see cref="ModelRegistry.Default"/>).</param>
        /// <exception cref="InvalidOperationException">The model is not built yet.</exception>
        /// <exception cref="NotSupportedException">A layer or component type is not registered.</exception>
        public void Save(string path, ModelRegistry? registry = null)
        {
            using var call = model.EnterShared(ModelCall.Save);
            model.EnsureBuilt("saved");
            AtomicFile.Write(path, stream => model.Save(stream, registry));
        }

        /// <summary>Writes the model file to <paramref name="stream"/> (not atomic: the stream is the caller's).</summary>
        /// <param name="stream">A writable stream.</param>
        /// <param name="registry">Names for the layer and component types (default <see cref="ModelRegistry.Default"/>).</param>
        /// <exception cref="InvalidOperationException">The model is not built yet.</exception>
        /// <exception cref="NotSupportedException">A layer or component type is not registered.</exception>
        public void Save(Stream stream, ModelRegistry? registry = null)
        {
            ArgumentNullException.ThrowIfNull(stream);
            using var call = model.EnterShared(ModelCall.Save);
            model.EnsureBuilt("saved");
            ModelFile.Write(stream, model.Layers, model.InputFeatures, registry ?? ModelRegistry.Default);
        }

        /// <summary>
        /// The architecture as JSON, exactly as <c>Save</c> writes it into the model file (Keras' <c>to_json</c>):
        /// <c>{"model": "Sequential", "input_features": n, "layers": [{"type", "name", "config", …}]}</c>, without weights.
        /// </summary>
        /// <param name="registry">Names for the layer and component types (default <see cref="ModelRegistry.Default"/>).</param>
        /// <returns>The JSON text.</returns>
        /// <exception cref="InvalidOperationException">The model is not built yet.</exception>
        /// <exception cref="NotSupportedException">A layer or component type is not registered.</exception>
        public string ToJson(ModelRegistry? registry = null)
        {
            using var call = model.EnterShared(ModelCall.Save);
            model.EnsureBuilt("described");
            return Architecture.Write(model.Layers, model.InputFeatures, registry ?? ModelRegistry.Default, []);
        }

        /// <summary>Loads a model saved by <c>Save(path)</c>; its predictions are bit-identical to the saved model's.</summary>
        /// <param name="path">The file.</param>
        /// <param name="options">Size caps and the registry (default <see cref="ModelLoadOptions.Default"/>).</param>
        /// <returns>The model, built, with the saved weights and frozen flags.</returns>
        /// <exception cref="InvalidDataException">The file is not a valid model file of element type <typeparamref name="T"/>; the message names the problem and where.</exception>
        /// <exception cref="IOException">The file cannot be read (e.g. <see cref="FileNotFoundException"/>).</exception>
        public static Sequential<T> Load(string path, ModelLoadOptions? options = null)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Sequential<T>.Load(stream, options);
        }

        /// <summary>Loads a model from a stream positioned at the start of a model file.</summary>
        /// <param name="stream">A readable stream.</param>
        /// <param name="options">Size caps and the registry (default <see cref="ModelLoadOptions.Default"/>).</param>
        /// <returns>The model.</returns>
        /// <exception cref="InvalidDataException">The content is not a valid model file of element type <typeparamref name="T"/>.</exception>
        /// <exception cref="IOException">The stream cannot be read.</exception>
        public static Sequential<T> Load(Stream stream, ModelLoadOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(stream);
            try
            {
                var loaded = ModelFile.Read<T>(stream, options ?? ModelLoadOptions.Default, allowExtraTensors: false);
                var result = new Sequential<T>([.. loaded.Layers]);
                result.Build(loaded.InputFeatures);
                return result;
            }
            catch (Exception e) when (e is not (InvalidDataException or IOException or OperationCanceledException))
            {
                // A safety net for the documented contract; the mutation tests and the fuzzer run without it and have
                // found nothing that reaches it.
                throw new InvalidDataException($"Not a valid Backprop model file: reading it failed with {e.GetType().Name}: {e.Message}", e);
            }
        }

        /// <summary>
        /// Saves the weights only (Keras' <c>save_weights</c>): a safetensors file of the parameters, named
        /// <c>layer/parameter</c>, with Backprop's metadata and checksum but no architecture — atomically. Load it with
        /// <c>LoadWeights(path)</c> into a model built the same way.
        /// </summary>
        /// <param name="path">The file to write (replaced if it exists).</param>
        /// <exception cref="InvalidOperationException">The model is not built yet, or Fit (or another call that changes the model) is running on it on another thread.</exception>
        public void SaveWeights(string path)
        {
            // Shared like Save: while Fit runs on another thread it would write a mix of two steps' weights.
            using var call = model.EnterShared(ModelCall.Save);
            model.EnsureBuilt("saved");
            AtomicFile.Write(path, stream => WeightsFile.Write(stream, model.Layers));
        }

        /// <summary>
        /// Loads weights into this built model (Keras' <c>load_weights</c>) from a weights file
        /// (<see cref="SaveWeights"/>, <c>ModelCheckpoint(saveWeightsOnly: true)</c>), a model file or a training checkpoint:
        /// every parameter needs a tensor of its name and shape, and the file is validated and its checksum verified before
        /// any weight changes (all or nothing).
        /// </summary>
        /// <param name="path">The file.</param>
        /// <param name="options">Size caps (default <see cref="ModelLoadOptions.Default"/>).</param>
        /// <exception cref="InvalidOperationException">The model is not built (build it, e.g. <c>Build(inputFeatures)</c>, so its parameters exist).</exception>
        /// <exception cref="InvalidDataException">The file is corrupt, of another element type, or lacks or mis-shapes a parameter (named).</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        public void LoadWeights(string path, ModelLoadOptions? options = null)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            model.LoadWeights(stream, options);
        }

        /// <summary>Loads weights from a stream positioned at the start of a weights file, model file or checkpoint (see <c>LoadWeights(path)</c>).</summary>
        /// <param name="stream">A readable stream.</param>
        /// <param name="options">Size caps (default <see cref="ModelLoadOptions.Default"/>).</param>
        /// <exception cref="InvalidOperationException">The model is not built, or another call (Fit, Predict, Save, …) is running on it on another thread.</exception>
        /// <exception cref="InvalidDataException">The content does not fit the model or is corrupt.</exception>
        /// <exception cref="IOException">The stream cannot be read.</exception>
        public void LoadWeights(Stream stream, ModelLoadOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(stream);
            using var call = model.EnterExclusive(ModelCall.LoadWeights);
            model.EnsureBuilt("given weights");
            WeightsFile.Read(stream, options ?? ModelLoadOptions.Default, model.Layers);
        }
    }
}
