using System.Globalization;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// A row-major 2-D buffer <c>[rows, columns]</c>: the shape of every activation, gradient and weight in Backprop.
/// A sample is one contiguous row. The backing array may be larger than <see cref="Length"/> so that
/// layers can reuse one buffer for batches of different sizes without allocating.
/// </summary>
/// <remarks>Thread safety: no locking. Many threads may read one tensor at once; a write must not overlap any read or
/// write of the same tensor. The tensors that a layer's <c>Forward</c> and <c>Backward</c> return are the layer's own,
/// overwritten by its next call; Predict's results are new tensors (or your buffer) and belong to the caller.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Tensor2D<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _data;
    private int _offset; // where element 0 lives in _data: 0 except for views into a shared array (a gradient arena)

    /// <summary>Creates a zero-filled buffer of the given shape.</summary>
    /// <param name="rows">Number of rows (samples); at least 0.</param>
    /// <param name="columns">Number of columns (features); at least 0.</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    public Tensor2D(int rows, int columns)
    {
        Numeric<T>.EnsureSupported();
        CheckShape(rows, columns);
        Rows = rows;
        Columns = columns;
        _data = new T[checked(rows * columns)];
    }

    /// <summary>Wraps an existing row-major array without copying.</summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="columns">Number of columns.</param>
    /// <param name="data">Row-major data of at least <paramref name="rows"/> × <paramref name="columns"/> elements.</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is shorter than the shape needs.</exception>
    public Tensor2D(int rows, int columns, T[] data)
    {
        Numeric<T>.EnsureSupported();
        ArgumentNullException.ThrowIfNull(data);
        CheckShape(rows, columns);
        if (data.Length < (long)rows * columns)
        {
            throw new ArgumentException(
                $"The data array holds {data.Length} elements but shape [{rows}, {columns}] needs {(long)rows * columns}.",
                nameof(data));
        }

        Rows = rows;
        Columns = columns;
        _data = data;
    }

    /// <summary>A view of <paramref name="rows"/> × <paramref name="columns"/> elements of <paramref name="data"/> from <paramref name="offset"/> on (no copy).</summary>
    internal Tensor2D(int rows, int columns, T[] data, int offset)
        : this(rows, columns, data)
    {
        if (offset < 0 || offset > data.Length - (rows * columns))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"'offset' must leave room for [{rows}, {columns}] in {data.Length} elements; got {offset}.");
        }

        _offset = offset;
    }

    /// <summary>Number of rows (samples in a batch).</summary>
    public int Rows { get; private set; }

    /// <summary>Number of columns (features per sample).</summary>
    public int Columns { get; private set; }

    /// <summary>Number of elements, <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public int Length => Rows * Columns;

    /// <summary>The elements in row-major order.</summary>
    public Span<T> Span => _data.AsSpan(_offset, Length);

    /// <summary>Gets or sets one element.</summary>
    /// <param name="row">Row index.</param>
    /// <param name="column">Column index.</param>
    public T this[int row, int column]
    {
        get => _data[_offset + Index(row, column)];
        set => _data[_offset + Index(row, column)] = value;
    }

    /// <summary>The elements as memory (what <see cref="Span"/> covers).</summary>
    internal Memory<T> Memory => _data.AsMemory(_offset, Length);

    /// <summary>One row as a span.</summary>
    /// <param name="row">Row index.</param>
    /// <returns>The <see cref="Columns"/> elements of that row.</returns>
    public Span<T> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            ThrowRowOutOfRange(row);
        }

        return _data.AsSpan(_offset + (row * Columns), Columns);
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    /// <param name="value">The value to fill with.</param>
    public void Fill(T value) => Span.Fill(value);

    /// <summary>A deep copy with its own storage.</summary>
    /// <returns>The copy.</returns>
    public Tensor2D<T> Clone()
    {
        var copy = new Tensor2D<T>(Rows, Columns);
        Span.CopyTo(copy.Span);
        return copy;
    }

    /// <summary>Copies the elements into a new <c>T[rows, columns]</c>.</summary>
    /// <returns>The copy.</returns>
    public T[,] ToArray()
    {
        var result = new T[Rows, Columns];
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                result[r, c] = _data[_offset + (r * Columns) + c];
            }
        }

        return result;
    }

    /// <summary>Copies the elements into a new jagged array, one array per row.</summary>
    /// <returns>The rows.</returns>
    public T[][] ToRows()
    {
        var result = new T[Rows][];
        for (int r = 0; r < Rows; r++)
        {
            result[r] = Row(r).ToArray();
        }

        return result;
    }

    /// <summary>Copies the elements into a MathNet dense matrix.</summary>
    /// <returns>The matrix.</returns>
    public Matrix<T> ToMatrix() => Matrix<T>.Build.Dense(Rows, Columns, (r, c) => _data[_offset + (r * Columns) + c]);

    /// <summary>Creates a buffer from a rectangular array (copies).</summary>
    /// <param name="values">The values, <c>[rows, columns]</c>.</param>
    /// <returns>The buffer.</returns>
    public static Tensor2D<T> FromArray(T[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new Tensor2D<T>(values.GetLength(0), values.GetLength(1));
        int i = 0;
        foreach (T v in values)
        {
            result._data[i++] = v;
        }

        return result;
    }

    /// <summary>Creates a buffer from a jagged array (copies); every row must have the same length.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The buffer.</returns>
    /// <exception cref="ArgumentException">A row is null, or the rows differ in length (the message names both lengths).</exception>
    public static Tensor2D<T> FromRows(T[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Length == 0 ? 0 : (rows[0]?.Length ?? 0);
        var result = new Tensor2D<T>(rows.Length, columns);
        for (int r = 0; r < rows.Length; r++)
        {
            T[]? row = rows[r];
            if (row is null)
            {
                throw new ArgumentException($"Row {r} is null.", nameof(rows));
            }

            if (row.Length != columns)
            {
                throw new ArgumentException(
                    $"Jagged input is not rectangular: row 0 has {columns} columns but row {r} has {row.Length}.",
                    nameof(rows));
            }

            row.CopyTo(result._data, r * columns);
        }

        return result;
    }

    /// <summary>Creates a buffer from a MathNet matrix (copies).</summary>
    /// <param name="matrix">The matrix.</param>
    /// <returns>The buffer.</returns>
    public static Tensor2D<T> FromMatrix(Matrix<T> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var result = new Tensor2D<T>(matrix.RowCount, matrix.ColumnCount);
        for (int r = 0; r < matrix.RowCount; r++)
        {
            for (int c = 0; c < matrix.ColumnCount; c++)
            {
                result._data[(r * matrix.ColumnCount) + c] = matrix[r, c];
            }
        }

        return result;
    }

    /// <summary>
    /// Changes the logical shape, reusing the backing array when it is large enough.
    /// Contents are unspecified afterwards.
    /// </summary>
    /// <param name="rows">New row count.</param>
    /// <param name="columns">New column count.</param>
    internal void Reshape(int rows, int columns)
    {
        CheckShape(rows, columns);
        int needed = checked(rows * columns);
        if (needed > _data.Length - _offset)
        {
            _data = new T[needed];
            _offset = 0;
        }

        Rows = rows;
        Columns = columns;
    }

    /// <summary>Copies the rows <paramref name="rows"/> of this tensor, in that order, into <paramref name="destination"/> (grown when needed).</summary>
    /// <param name="rows">Row indices into this tensor.</param>
    /// <param name="destination">The buffer to fill, <c>[rows.Length, Columns]</c> afterwards.</param>
    /// <returns>The filled buffer.</returns>
    internal Tensor2D<T> GatherRows(ReadOnlySpan<int> rows, ref Tensor2D<T>? destination)
    {
        var dst = Ensure(ref destination, rows.Length, Columns);
        int columns = Columns;
        ReadOnlySpan<T> source = Span;
        Span<T> target = dst.Span;
        if (columns == 1)
        {
            // Labels: one element per row, where a span copy per row would cost more than the element.
            for (int i = 0; i < rows.Length; i++)
            {
                int row = rows[i];
                if ((uint)row >= (uint)Rows)
                {
                    ThrowRowOutOfRange(row);
                }

                target[i] = source[row];
            }

            return dst;
        }

        for (int i = 0; i < rows.Length; i++)
        {
            int row = rows[i];
            if ((uint)row >= (uint)Rows)
            {
                ThrowRowOutOfRange(row);
            }

            source.Slice(row * columns, columns).CopyTo(target.Slice(i * columns, columns));
        }

        return dst;
    }

    /// <summary>
    /// Points <paramref name="view"/> (created on first use, re-pointed after that, so a steady stream of calls allocates
    /// nothing) at rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="rows"/> − 1 of
    /// <paramref name="source"/>, without copying: writes through the view land in <paramref name="source"/>.
    /// </summary>
    internal static Tensor2D<T> ViewRows(ref Tensor2D<T>? view, Tensor2D<T> source, int start, int rows)
    {
        if (start < 0 || rows < 0 || start > source.Rows - rows)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Rows {start}..{start + rows} do not fit in {source.Rows} rows.");
        }

        int offset = source._offset + (start * source.Columns);
        if (view is null)
        {
            view = new Tensor2D<T>(rows, source.Columns, source._data, offset);
        }
        else
        {
            view._data = source._data;
            view._offset = offset;
            view.Rows = rows;
            view.Columns = source.Columns;
        }

        return view;
    }

    /// <summary>Makes a view made by <see cref="ViewRows"/> empty, dropping its reference to the source's array.</summary>
    internal void Detach()
    {
        _data = [];
        _offset = 0;
        Rows = 0;
    }

    /// <summary>Ensures <paramref name="buffer"/> exists with the given shape, allocating only when it must grow.</summary>
    internal static Tensor2D<T> Ensure(ref Tensor2D<T>? buffer, int rows, int columns)
    {
        if (buffer is null)
        {
            buffer = new Tensor2D<T>(rows, columns);
        }
        else
        {
            buffer.Reshape(rows, columns);
        }

        return buffer;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Tensor2D<{typeof(T).Name}>[{Rows}, {Columns}]");

    private int Index(int row, int column)
    {
        if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
        {
            ThrowIndexOutOfRange(row, column);
        }

        return (row * Columns) + column;
    }

    // The throws live in their own methods so that Row and the indexer stay small enough to inline in hot loops.
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowRowOutOfRange(int row)
        => throw new ArgumentOutOfRangeException(nameof(row), row, $"Row index must be in [0, {Rows}).");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowIndexOutOfRange(int row, int column)
        => throw new ArgumentOutOfRangeException(nameof(row), $"Index [{row}, {column}] is outside shape [{Rows}, {Columns}].");

    private static void CheckShape(int rows, int columns)
    {
        Guard.AtLeast(rows, 0, nameof(rows), "Tensor2D shape");
        Guard.AtLeast(columns, 0, nameof(columns), "Tensor2D shape");
    }
}
