namespace Backprop.Data;

/// <summary>The names a data set carries from its source (a CSV header, a label column), each null when unknown.</summary>
/// <param name="Features">One name per feature column.</param>
/// <param name="Targets">One name per target column (regression).</param>
/// <param name="Classes">Class index → label text.</param>
internal sealed record DatasetNames(string[]? Features, string[]? Targets, string[]? Classes)
{
    public static DatasetNames None { get; } = new(null, null, null);
}
