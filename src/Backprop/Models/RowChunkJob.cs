using System.Numerics;
using Backprop.Kernels;

namespace Backprop.Models;

/// <summary>
/// One inference pass split by rows into chunks for the kernel pool: block c runs every layer on chunk c's rows, with a
/// workspace of its own, reading the caller's features and writing the caller's output in place. Pooled by the
/// <see cref="InferenceRunner{T}"/> and reused, so a split pass allocates nothing once warm.
/// </summary>
/// <remarks>Thread safety: one pass at a time (the runner's pool lends each job to one caller); its blocks run on the
/// pool's threads at once, each writing only its own rows of the output.</remarks>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class RowChunkJob<T> : IBlockJob where T : unmanaged, IFloatingPointIeee754<T>
{
    private InferenceRunner<T>? _runner;
    private Tensor2D<T>? _features;
    private Tensor2D<T>? _output;
    private int _start;
    private int _rows;
    private int _outputStart;
    private int _chunks;

    /// <summary>Sets up one pass: rows <paramref name="start"/> … +<paramref name="rows"/> of <paramref name="features"/> into <paramref name="output"/> from row <paramref name="outputStart"/>, in <paramref name="chunks"/> chunks.</summary>
    public void Set(InferenceRunner<T> runner, Tensor2D<T> features, int start, int rows, Tensor2D<T> output, int outputStart, int chunks)
    {
        _runner = runner;
        _features = features;
        _start = start;
        _rows = rows;
        _output = output;
        _outputStart = outputStart;
        _chunks = chunks;
    }

    /// <summary>Drops the references to the caller's tensors once the pass is over.</summary>
    public void Clear()
    {
        _runner = null;
        _features = null;
        _output = null;
    }

    /// <inheritdoc/>
    public void RunBlock(int block)
    {
        // Chunk boundaries as even as the rows allow; which thread runs a chunk does not matter to the result.
        int first = (int)((long)_rows * block / _chunks);
        int next = (int)((long)_rows * (block + 1) / _chunks);
        _runner!.Chunk(_features!, _start + first, next - first, _output!, _outputStart + first);
    }
}
