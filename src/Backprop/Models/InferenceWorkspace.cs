using System.Numerics;
using Backprop.Layers;

namespace Backprop.Models;

/// <summary>
/// The buffers of one inference call on a <see cref="Sequential{T}"/>: two activation buffers the layers write in
/// turn (layer i writes one and reads the other), the staging input and output of a batch cut from larger data, and
/// the <see cref="InferenceScratch{T}"/> lent to each layer. Rented from the model's pool per call and given back,
/// so a steady stream of calls reuses a few of them and allocates nothing once they have grown to the largest batch.
/// </summary>
/// <remarks>Thread safety: belongs to one call at a time (the pool hands each to one renter).</remarks>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class InferenceWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Tensor2D<T>? _even;
    private Tensor2D<T>? _odd;
    private Tensor2D<T>? _input;
    private Tensor2D<T>? _output;
    private Tensor2D<T>? _inputRows;
    private Tensor2D<T>? _outputRows;

    /// <summary>Temporary buffers for the layers.</summary>
    public InferenceScratch<T> Scratch { get; } = new();

    /// <summary>The buffer layer <paramref name="layer"/> writes: never the one the layer before it wrote.</summary>
    public Tensor2D<T> Activations(int layer, int rows, int columns)
        => (layer & 1) == 0 ? Tensor2D<T>.Ensure(ref _even, rows, columns) : Tensor2D<T>.Ensure(ref _odd, rows, columns);

    /// <summary>A batch of input rows copied out of larger data (or a single row).</summary>
    public Tensor2D<T> Input(int rows, int columns) => Tensor2D<T>.Ensure(ref _input, rows, columns);

    /// <summary>The outputs of such a batch.</summary>
    public Tensor2D<T> Output(int rows, int columns) => Tensor2D<T>.Ensure(ref _output, rows, columns);

    /// <summary>Points the row views away from the caller's tensors, so a pooled workspace does not keep them alive.</summary>
    public void ForgetRows()
    {
        _inputRows?.Detach();
        _outputRows?.Detach();
    }

    /// <summary>A view (no copy) of rows <paramref name="start"/> … +<paramref name="rows"/> of the caller's features.</summary>
    public Tensor2D<T> InputRows(Tensor2D<T> features, int start, int rows) => Tensor2D<T>.ViewRows(ref _inputRows, features, start, rows);

    /// <summary>A view (no copy) of rows <paramref name="start"/> … +<paramref name="rows"/> of the caller's output buffer.</summary>
    public Tensor2D<T> OutputRows(Tensor2D<T> output, int start, int rows) => Tensor2D<T>.ViewRows(ref _outputRows, output, start, rows);
}
