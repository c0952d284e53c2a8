namespace Backprop.Data;

/// <summary>Seeded index splits: random and stratified.</summary>
/// <remarks>Thread safety: static methods with no shared state; safe to call from many threads at once, each call
/// working on its own arguments.</remarks>
public static class Splitting
{
    /// <summary>A seeded permutation of 0..n−1 (Fisher–Yates).</summary>
    /// <param name="n">Number of indices.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>The permutation.</returns>
    public static int[] Permutation(int n, int seed)
    {
        var indices = new int[n];
        Seeds.SplitOrder(indices, seed);
        return indices;
    }

    /// <summary>Random train/test index split.</summary>
    /// <param name="count">Number of samples.</param>
    /// <param name="testFraction">Test fraction in (0, 1).</param>
    /// <param name="seed">Seed.</param>
    /// <returns>Train and test indices.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="System.ArgumentException">The fraction leaves one part empty.</exception>
    public static (int[] Train, int[] Test) Random(int count, double testFraction, int seed)
    {
        Guard.InRange(testFraction, 0, 1, nameof(testFraction), minExclusive: true, maxExclusive: true);
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
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="System.ArgumentException">The fraction leaves one part empty.</exception>
    public static (int[] Train, int[] Test) Stratified(IReadOnlyList<int> labels, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Guard.InRange(testFraction, 0, 1, nameof(testFraction), minExclusive: true, maxExclusive: true);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            Seeds.ClassSplit(seed, group.Key).Shuffle(members.AsSpan());
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

    /// <summary>Stratified train/validation/test index split: each class is split in the same proportions.</summary>
    /// <param name="labels">Class index of each sample.</param>
    /// <param name="validationFraction">Validation fraction in (0, 1).</param>
    /// <param name="testFraction">Test fraction in (0, 1); both together below 1.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>Sorted train, validation and test indices.</returns>
    public static (int[] Train, int[] Validation, int[] Test) Stratified(IReadOnlyList<int> labels, double validationFraction, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Guard.InRange(validationFraction, 0, 1, nameof(validationFraction), minExclusive: true, maxExclusive: true);
        Guard.InRange(testFraction, 0, 1, nameof(testFraction), minExclusive: true, maxExclusive: true);
        if (!(validationFraction + testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(testFraction), $"Validation ({validationFraction}) and test ({testFraction}) fractions must sum to less than 1.");
        }

        List<int> train = [], validation = [], test = [];
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            Seeds.ClassSplit(seed, group.Key).Shuffle(members.AsSpan());
            int nTest = (int)Math.Round(members.Length * testFraction);
            int nVal = Math.Min((int)Math.Round(members.Length * validationFraction), members.Length - nTest);
            test.AddRange(members[..nTest]);
            validation.AddRange(members[nTest..(nTest + nVal)]);
            train.AddRange(members[(nTest + nVal)..]);
        }

        if (train.Count == 0 || validation.Count == 0 || test.Count == 0)
        {
            throw new ArgumentException(
                $"Fractions {validationFraction} (validation) and {testFraction} (test) of {labels.Count} samples leave a part empty " +
                $"(train {train.Count}, validation {validation.Count}, test {test.Count}).", nameof(labels));
        }

        train.Sort();
        validation.Sort();
        test.Sort();
        return ([.. train], [.. validation], [.. test]);
    }

    /// <summary>K-fold cross-validation indices after a seeded shuffle; fold sizes differ by at most one.</summary>
    /// <param name="count">Number of samples.</param>
    /// <param name="k">Number of folds, in [2, count].</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <returns>k (train, validation) index pairs; every sample is in exactly one validation part.</returns>
    public static IReadOnlyList<(int[] Train, int[] Validation)> KFold(int count, int k, int seed)
    {
        Guard.InRange(k, 2, count, nameof(k), $"K-fold over {count} samples");
        var perm = Permutation(count, seed);
        var fold = new int[count];
        for (int i = 0; i < count; i++)
        {
            fold[perm[i]] = i % k;
        }

        return Folds(fold, k);
    }

    /// <summary>Stratified k-fold indices: each class is dealt round-robin over the folds, so every fold keeps the class proportions (±1 sample).</summary>
    /// <param name="labels">Class index of each sample.</param>
    /// <param name="k">Number of folds, in [2, number of samples].</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <returns>k (train, validation) index pairs.</returns>
    public static IReadOnlyList<(int[] Train, int[] Validation)> StratifiedKFold(IReadOnlyList<int> labels, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Guard.InRange(k, 2, labels.Count, nameof(k), $"K-fold over {labels.Count} samples");
        var fold = new int[labels.Count];
        int next = 0;
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            Seeds.ClassSplit(seed, group.Key).Shuffle(members.AsSpan());
            foreach (int m in members)
            {
                fold[m] = next++ % k;
            }
        }

        return Folds(fold, k);
    }

    private static (int[] Train, int[] Validation)[] Folds(int[] fold, int k)
    {
        var result = new (int[] Train, int[] Validation)[k];
        for (int f = 0; f < k; f++)
        {
            result[f] = (
                Enumerable.Range(0, fold.Length).Where(i => fold[i] != f).ToArray(),
                Enumerable.Range(0, fold.Length).Where(i => fold[i] == f).ToArray());
        }

        return result;
    }
}
