using Backprop.Data;

namespace Backprop.Tests.Data;

/// <summary>The embedded data sets have the shapes, classes and ranges of their published versions.</summary>
public class DatasetsTests
{
    private static Dictionary<int, int> ClassCounts<T>(Dataset<T> d)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => d.ClassLabels().GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public void Digits_is_1797_by_64_with_10_classes_scaled_to_unit_range()
    {
        var d = Datasets.Digits();
        d.Count.Should().Be(1797);
        d.FeatureCount.Should().Be(64);
        d.HasClassLabels.Should().BeTrue();
        ClassCounts(d).Keys.Order().Should().Equal(Enumerable.Range(0, 10));
        ClassCounts(d)[0].Should().Be(178);
        d.Features.Span.ToArray().Should().OnlyContain(v => v >= 0 && v <= 1);
        d.Features.Span.ToArray().Max().Should().Be(1f);

        var raw = Datasets.Digits<double>(scaled: false);
        raw.Features.Span.ToArray().Max().Should().Be(16);
        raw.Features.Span.ToArray().Should().OnlyContain(v => v == Math.Floor(v));
    }

    [Fact]
    public void Iris_is_150_by_4_with_three_classes_of_50()
    {
        var d = Datasets.Iris<double>();
        d.Count.Should().Be(150);
        d.FeatureCount.Should().Be(4);
        ClassCounts(d).Should().BeEquivalentTo(new Dictionary<int, int> { [0] = 50, [1] = 50, [2] = 50 });
        d.Features[0, 0].Should().Be(5.1);
    }

    [Fact]
    public void Breast_cancer_is_569_by_30_with_212_malignant_and_357_benign()
    {
        var d = Datasets.BreastCancer<double>();
        d.Count.Should().Be(569);
        d.FeatureCount.Should().Be(30);
        ClassCounts(d).Should().BeEquivalentTo(new Dictionary<int, int> { [0] = 212, [1] = 357 });
    }

    [Fact]
    public void Wine_is_178_by_13_with_classes_of_59_71_48()
    {
        var d = Datasets.Wine<float>();
        d.Count.Should().Be(178);
        d.FeatureCount.Should().Be(13);
        ClassCounts(d).Should().BeEquivalentTo(new Dictionary<int, int> { [0] = 59, [1] = 71, [2] = 48 });
    }

    [Fact]
    public void Diabetes_is_442_by_10_with_targets_from_25_to_346()
    {
        var d = Datasets.Diabetes<double>();
        d.Count.Should().Be(442);
        d.FeatureCount.Should().Be(10);
        d.Targets.Columns.Should().Be(1);
        var y = d.Targets.Span.ToArray();
        y.Min().Should().Be(25);
        y.Max().Should().Be(346);
        d.Features[0, 0].Should().Be(59, "the raw (unscaled) age of the first patient");
    }
}
