using System.Numerics;

namespace Backprop.Layers;

/// <summary>
/// Temporary buffers that one inference call lends to a layer's <see cref="Layer{T}.Infer"/>: the place for
/// intermediate results (e.g. Dense's pre-activation <c>Z</c>), since <c>Infer</c> may not write the layer's own fields.
/// Each <see cref="Get"/> during one <c>Infer</c> call returns a buffer distinct from the others, from the input
/// and from the output; the buffers are reused by later calls, so they allocate only while they grow.
/// </summary>
/// <remarks>Thread safety: belongs to one call on one thread (the model rents one per call from a pool); never
/// keep it, or a buffer from it, after <c>Infer</c> returns.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class InferenceScratch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Tensor2D<T>> _buffers = [];
    private int _used;

    internal InferenceScratch()
    {
    }

    /// <summary>A buffer of shape <c>[rows, columns]</c>, different from every other buffer lent during this <c>Infer</c> call.</summary>
    /// <param name="rows">Rows (≥ 0).</param>
    /// <param name="columns">Columns (≥ 0).</param>
    /// <returns>The buffer; its contents are unspecified.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    public Tensor2D<T> Get(int rows, int columns)
    {
        if (_used == _buffers.Count)
        {
            _buffers.Add(new Tensor2D<T>(rows, columns));
        }

        var buffer = _buffers[_used];
        buffer.Reshape(rows, columns);
        _used++;
        return buffer;
    }

    /// <summary>Makes every buffer available again (before the next layer's <c>Infer</c>).</summary>
    internal void Reset() => _used = 0;
}
