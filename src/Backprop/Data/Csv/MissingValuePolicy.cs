namespace Backprop.Data;

/// <summary>What reading a CSV file does with a missing cell (an empty cell or one of <see cref="CsvOptions.MissingValues"/>).</summary>
/// <remarks>Thread safety: a plain enum value; safe on any thread.</remarks>
public enum MissingValuePolicy
{
    /// <summary>Throw a <see cref="CsvFormatException"/> naming the row, the column and the cell (the default).</summary>
    Error,

    /// <summary>
    /// Leave out every row with a missing cell in a column that is read (features, label, targets), as pandas
    /// <c>dropna()</c> does; cells of other columns do not matter.
    /// </summary>
    DropRow,
}
