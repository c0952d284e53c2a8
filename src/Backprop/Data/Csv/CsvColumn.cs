using System.Globalization;

namespace Backprop.Data;

/// <summary>
/// A column of a CSV file, by header name (<c>"species"</c>) or by zero-based position (<c>4</c>, or <c>^1</c> for the
/// last column). Strings, integers and <see cref="Index"/> values convert to it implicitly, so
/// <c>labelColumn: "species"</c>, <c>labelColumn: ^1</c> and <c>targetColumns: ["price", 7]</c> all read naturally.
/// </summary>
/// <remarks>Thread safety: an immutable value; safe on any thread.</remarks>
public readonly record struct CsvColumn
{
    private CsvColumn(string? name, Index position)
    {
        Name = name;
        Position = position;
    }

    /// <summary>The header name (matched exactly, after trimming the header cell's spaces), or null for a position.</summary>
    public string? Name { get; }

    /// <summary>The zero-based position (<c>^1</c> = last column) when <see cref="Name"/> is null.</summary>
    public Index Position { get; }

    /// <summary>A column by header name.</summary>
    /// <param name="name">The name as written in the header row.</param>
    /// <returns>The column reference.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static CsvColumn FromName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new CsvColumn(name, default);
    }

    /// <summary>A column by zero-based position from the start (<c>0</c>) or from the end (<c>^1</c>).</summary>
    /// <param name="position">The position.</param>
    /// <returns>The column reference.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is <c>^0</c>, which is past the last column.</exception>
    public static CsvColumn FromIndex(Index position)
    {
        if (position.IsFromEnd && position.Value == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(position), "'position' must name a column; got ^0, which is past the last column (the last is ^1).");
        }

        return new CsvColumn(null, position);
    }

    /// <summary>A column by zero-based position.</summary>
    /// <param name="position">The position, ≥ 0.</param>
    /// <returns>The column reference.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is negative (use <c>^1</c> for the last column).</exception>
    public static CsvColumn FromInt32(int position)
    {
        if (position < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, $"'position' must be ≥ 0 (write ^1 for the last column); got {position}.");
        }

        return new CsvColumn(null, position);
    }

    /// <summary>Columns by header name, in order, e.g. the <c>FeatureNames</c> of a training set.</summary>
    /// <param name="names">The names.</param>
    /// <returns>One column reference per name.</returns>
    public static IReadOnlyList<CsvColumn> FromNames(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return [.. names.Select(FromName)];
    }

    /// <summary>A column by header name; see <see cref="FromName"/>.</summary>
    /// <param name="name">The name.</param>
    public static implicit operator CsvColumn(string name) => FromName(name);

    /// <summary>A column by zero-based position; see <see cref="FromInt32"/>.</summary>
    /// <param name="position">The position.</param>
    public static implicit operator CsvColumn(int position) => FromInt32(position);

    /// <summary>A column by position from the start or the end; see <see cref="FromIndex"/>.</summary>
    /// <param name="position">The position.</param>
    public static implicit operator CsvColumn(Index position) => FromIndex(position);

    /// <summary>The reference as a message shows it: <c>'species'</c>, <c>index 4</c> or <c>index ^1</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
        => Name is not null ? $"'{Name}'" : "index " + (Position.IsFromEnd ? "^" : string.Empty) + Position.Value.ToString(CultureInfo.InvariantCulture);
}
