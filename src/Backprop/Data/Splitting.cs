namespace Backprop.Data;

/// <summary>Seeded index splits: random and stratified.</summary>
public static class Splitting
{
    /// <summary>A seeded permutation of 0..n−1 (Fisher–Yates).</summary>
    /// <param name="n">Number of indices.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>The permutation.</returns>
    public static int[] Permutation(int n, int seed)
    {
        var indices = new int[n];
        for (int i = 0; i < n; i++)
        {
            indices[i] = i;
        }

        new Random(seed).Shuffle(indices);
        return indices;
    }

    /// <summary>Random train/test index split.</summary>
    /// <param name="count">Number of samples.</param>
    /// <param name="testFraction">Test fraction in (0, 1).</param>
    /// <param name="seed">Seed.</param>
    /// <returns>Train and test indices.</returns>
    public static (int[] Train, int[] Test) Random(int count, double testFraction, int seed)
    {
        CheckFraction(testFraction);
        int nTest = (int)Math.Round(count * testFraction);
        if (nTest < 1 || nTest >= count)
        {
            throw new ArgumentException($"A test fraction of {testFraction} of {count} samples leaves an empty part.", nameof(testFraction));
        }

        var perm = Permutation(count, seed);
        var test = perm[..nTest];
        var train = perm[nTest..];
        Array.Sort(test);
        Array.Sort(train);
        return (train, test);
    }

    /// <summary>Stratified train/test index split: each class is split in the same proportion.</summary>
    /// <param name="labels">Class index of each sample.</param>
    /// <param name="testFraction">Test fraction in (0, 1).</param>
    /// <param name="seed">Seed.</param>
    /// <returns>Train and test indices.</returns>
    public static (int[] Train, int[] Test) Stratified(IReadOnlyList<int> labels, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        CheckFraction(testFraction);
        var rng = new System.Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            rng.Shuffle(members);
            int nTest = (int)Math.Round(members.Length * testFraction);
            test.AddRange(members[..nTest]);
            train.AddRange(members[nTest..]);
        }

        if (train.Count == 0 || test.Count == 0)
        {
            throw new ArgumentException($"A test fraction of {testFraction} of {labels.Count} samples leaves an empty part.", nameof(testFraction));
        }

        train.Sort();
        test.Sort();
        return (train.ToArray(), test.ToArray());
    }

    private static void CheckFraction(double testFraction)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The fraction must be in (0, 1).");
        }
    }
}
