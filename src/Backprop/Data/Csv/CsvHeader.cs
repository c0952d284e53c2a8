namespace Backprop.Data;

/// <summary>Whether the first row of a CSV file names the columns.</summary>
/// <remarks>Thread safety: a plain enum value; safe on any thread.</remarks>
public enum CsvHeader
{
    /// <summary>
    /// Decide from the data: the first row is a header when one of its cells is not a number where the second row
    /// holds a number, or when none of its cells is a number. A header such as <c>2019,2020</c> is all numbers and
    /// would read as data: say <see cref="Present"/> then.
    /// </summary>
    Auto,

    /// <summary>The first row is a header.</summary>
    Present,

    /// <summary>There is no header; columns are named by their zero-based position ("0", "1", …), as pandas does.</summary>
    Absent,
}
