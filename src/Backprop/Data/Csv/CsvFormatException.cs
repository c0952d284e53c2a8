namespace Backprop.Data;

/// <summary>
/// A CSV file cannot be read as a data set: the message names the file, the row (the header is row 1, as a
/// spreadsheet counts), the column and the text of the cell at fault, and the properties hold them for code.
/// It is a <see cref="FormatException"/> (the text is not in the expected format; <see cref="InvalidDataException"/>,
/// which bad model files throw, cannot be derived from).
/// </summary>
/// <remarks>Thread safety: an exception; its properties are set once, before it is thrown.</remarks>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception with a message only.</summary>
    public CsvFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public CsvFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the place of the fault.</summary>
    /// <param name="message">The message (which names the place too).</param>
    /// <param name="row">The row number, 1-based, the header being row 1; null when no row is at fault.</param>
    /// <param name="column">The column's name ("0", "1", … without a header); null when no column is at fault.</param>
    /// <param name="columnIndex">The column's zero-based position; null when no column is at fault.</param>
    /// <param name="cell">The cell's text; null when no cell is at fault.</param>
    public CsvFormatException(string message, int? row, string? column, int? columnIndex, string? cell)
        : base(message)
    {
        Row = row;
        Column = column;
        ColumnIndex = columnIndex;
        Cell = cell;
    }

    /// <summary>The row number, 1-based, the header (when there is one) being row 1; null when no row is at fault.</summary>
    public int? Row { get; }

    /// <summary>The column's header name ("0", "1", … without a header); null when no column is at fault.</summary>
    public string? Column { get; }

    /// <summary>The column's zero-based position; null when no column is at fault.</summary>
    public int? ColumnIndex { get; }

    /// <summary>The text of the cell at fault; null when no cell is at fault.</summary>
    public string? Cell { get; }
}
