using Backprop.Data;

namespace Backprop.Tests.Data;

public class SplittingTests
{
    private static int[] SkewedLabels()
    {
        // 100 of class 0, 50 of class 1, 20 of class 2, interleaved.
        var labels = new List<int>();
        labels.AddRange(Enumerable.Repeat(0, 100));
        labels.AddRange(Enumerable.Repeat(1, 50));
        labels.AddRange(Enumerable.Repeat(2, 20));
        return [.. labels.OrderBy(l => (l * 7919) % 13)];
    }

    [Fact]
    public void Random_split_partitions_the_indices()
    {
        var (train, test) = Splitting.Random(100, 0.2, seed: 1);

        test.Should().HaveCount(20);
        train.Should().HaveCount(80);
        train.Intersect(test).Should().BeEmpty();
        train.Concat(test).Order().Should().Equal(Enumerable.Range(0, 100));
        train.Should().BeInAscendingOrder();
    }

    [Fact]
    public void Splits_depend_on_the_seed_only()
    {
        Splitting.Random(100, 0.2, seed: 1).Test.Should().Equal(Splitting.Random(100, 0.2, seed: 1).Test);
        Splitting.Random(100, 0.2, seed: 1).Test.Should().NotEqual(Splitting.Random(100, 0.2, seed: 2).Test);
        Splitting.Stratified(SkewedLabels(), 0.2, seed: 3).Test.Should().Equal(Splitting.Stratified(SkewedLabels(), 0.2, seed: 3).Test);
        Splitting.Stratified(SkewedLabels(), 0.2, seed: 3).Test.Should().NotEqual(Splitting.Stratified(SkewedLabels(), 0.2, seed: 4).Test);
        Splitting.Permutation(10, 5).Order().Should().Equal(Enumerable.Range(0, 10));
    }

    [Fact]
    public void Stratified_split_keeps_each_class_proportion()
    {
        var labels = SkewedLabels();

        var (train, test) = Splitting.Stratified(labels, 0.2, seed: 1);

        train.Intersect(test).Should().BeEmpty();
        train.Concat(test).Order().Should().Equal(Enumerable.Range(0, labels.Length));
        test.Select(i => labels[i]).GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()).Should().Equal(20, 10, 4);
        train.Select(i => labels[i]).GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()).Should().Equal(80, 40, 16);
    }

    [Fact]
    public void Digits_stratified_80_20_split_matches_class_proportions()
    {
        var digits = Datasets.Digits();
        var (train, test) = digits.SplitStratified(0.2, seed: 42);

        (train.Count + test.Count).Should().Be(1797);
        test.Count.Should().BeInRange(355, 365);
        var all = digits.ClassLabels().GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        foreach (var g in test.ClassLabels().GroupBy(l => l))
        {
            g.Count().Should().Be((int)Math.Round(all[g.Key] * 0.2, MidpointRounding.ToEven), $"class {g.Key}");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Fractions_outside_zero_one_are_rejected(double fraction)
    {
        FluentActions.Invoking(() => Splitting.Random(10, fraction, 1)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*(0, 1)*");
        FluentActions.Invoking(() => Splitting.Stratified([0, 1, 0, 1], fraction, 1)).Should().Throw<ArgumentOutOfRangeException>();
    }
}

public class SubsetTests
{
    [Fact]
    public void An_empty_subset_is_rejected_like_empty_data()
    {
        // It used to yield a 0-row dataset, and Fit on it divided by zero.
        var data = Dataset<float>.From(new float[,] { { 1, 2 }, { 3, 4 } }, [0, 1]);

        FluentActions.Invoking(() => data.Subset([])).Should().Throw<ArgumentException>().WithMessage("*No indices*2 samples*");
    }

    [Fact]
    public void Subset_copies_rows_in_the_given_order_and_checks_indices()
    {
        var data = Dataset<float>.From(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }, [0, 1, 2]);

        var subset = data.Subset([2, 0, 2]);

        subset.Features.ToArray().Should().BeEquivalentTo(new float[,] { { 5, 6 }, { 1, 2 }, { 5, 6 } }, o => o.WithStrictOrdering());
        subset.ClassLabels().Should().Equal(2, 0, 2);
        FluentActions.Invoking(() => data.Subset([3])).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Index 3*3 samples*");
    }
}
