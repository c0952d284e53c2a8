using System.Numerics;
using Backprop.Models;
using Google.Protobuf;

namespace Backprop.Onnx;

/// <summary>
/// <c>model.ExportOnnx(path)</c>: writes a <see cref="Sequential{T}"/> as an ONNX model (opset 17 or later, float or
/// double, input <c>[batch, features]</c> with a symbolic batch dimension) that ONNX Runtime, ML.NET,
/// onnxruntime-web and other ONNX runtimes load. The operators chosen for each layer are listed in docs/onnx.md.
/// </summary>
/// <remarks>Thread safety: an export only reads the model's weights; it may run beside <c>Predict</c> but not beside
/// <c>Fit</c> or anything else that changes the weights.</remarks>
public static class OnnxExport
{
    /// <summary>Exports the model to an ONNX file, atomically (a temporary file in the same folder, then a rename):
    /// a failure leaves the previous file or none, never half a file.</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="model">A built model.</param>
    /// <param name="path">The file to write (replaced if it exists); by convention <c>*.onnx</c>.</param>
    /// <param name="options">The options (default <see cref="OnnxExportOptions.Default"/>).</param>
    /// <exception cref="InvalidOperationException">The model is not built, or <see cref="OnnxExportOptions.AppendSoftmax"/> is set on a model that ends in a softmax.</exception>
    /// <exception cref="NotSupportedException">A layer or activation has no ONNX form and no converter; the message names it.</exception>
    /// <exception cref="ArgumentException">An option is out of range (e.g. the opset).</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static void ExportOnnx<T>(this Sequential<T> model, string path, OnnxExportOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var proto = OnnxModelWriter.Build(model, options ?? OnnxExportOptions.Default);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot write '{full}': its folder '{folder}' does not exist (create it first, e.g. Directory.CreateDirectory).");
        }

        string temp = full + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                proto.WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Writes the ONNX model to <paramref name="stream"/> (not atomic: the stream is the caller's). Nothing is
    /// written when the model cannot be exported.</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="model">A built model.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="options">The options (default <see cref="OnnxExportOptions.Default"/>).</param>
    /// <exception cref="InvalidOperationException">The model is not built, or <see cref="OnnxExportOptions.AppendSoftmax"/> is set on a model that ends in a softmax.</exception>
    /// <exception cref="NotSupportedException">A layer or activation has no ONNX form and no converter; the message names it.</exception>
    /// <exception cref="ArgumentException">An option is out of range (e.g. the opset).</exception>
    public static void ExportOnnx<T>(this Sequential<T> model, Stream stream, OnnxExportOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        OnnxModelWriter.Build(model, options ?? OnnxExportOptions.Default).WriteTo(stream);
    }

    /// <summary>The ONNX model as bytes (for an in-memory <c>InferenceSession</c>).</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="model">A built model.</param>
    /// <param name="options">The options (default <see cref="OnnxExportOptions.Default"/>).</param>
    /// <returns>The serialized <c>ModelProto</c>.</returns>
    /// <exception cref="InvalidOperationException">The model is not built, or <see cref="OnnxExportOptions.AppendSoftmax"/> is set on a model that ends in a softmax.</exception>
    /// <exception cref="NotSupportedException">A layer or activation has no ONNX form and no converter; the message names it.</exception>
    public static byte[] ToOnnxBytes<T>(this Sequential<T> model, OnnxExportOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => OnnxModelWriter.Build(model, options ?? OnnxExportOptions.Default).ToByteArray();
}
