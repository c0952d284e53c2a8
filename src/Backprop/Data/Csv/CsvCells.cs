using Sylvan.Data.Csv;

namespace Backprop.Data;

/// <summary>The cells of one CSV row, either kept as strings (the first rows, read before the header is decided) or live in the reader.</summary>
internal interface ICsvCells
{
    int Count { get; }

    ReadOnlySpan<char> this[int index] { get; }
}

/// <summary>A row kept as strings.</summary>
internal readonly struct BufferedCells(string[] cells) : ICsvCells
{
    public int Count => cells.Length;

    public ReadOnlySpan<char> this[int index] => cells[index];
}

/// <summary>The reader's current row, read in place.</summary>
internal readonly struct LiveCells(CsvDataReader reader) : ICsvCells
{
    public int Count => reader.RowFieldCount;

    public ReadOnlySpan<char> this[int index] => reader.GetFieldSpan(index);
}
