namespace Backprop.Training;

/// <summary>
/// Which part of every global batch one rank trains on in data-parallel <c>Fit</c>: rank r of p takes the contiguous
/// rows [⌊n·r/p⌋, ⌊n·(r+1)/p⌋) of a batch of n rows, so the shards tile the batch in rank order.
/// </summary>
/// <param name="Rank">This rank.</param>
/// <param name="Size">Number of ranks (1 = the whole batch).</param>
internal readonly record struct Shard(int Rank, int Size)
{
    /// <summary>One process training on whole batches.</summary>
    public static Shard Whole => new(0, 1);

    /// <summary>This rank's rows of a batch of <paramref name="rows"/> rows: the offset of its first row and its row count.</summary>
    /// <param name="rows">Rows in the global batch.</param>
    /// <returns>(offset, count); count may be 0 when the batch has fewer rows than there are ranks.</returns>
    public (int Offset, int Count) Of(int rows)
    {
        int start = (int)((long)rows * Rank / Size);
        int end = (int)((long)rows * (Rank + 1) / Size);
        return (start, end - start);
    }
}
