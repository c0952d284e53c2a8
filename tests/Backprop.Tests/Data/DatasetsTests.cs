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

    [Fact]
    public void The_embedded_data_sets_carry_scikit_learns_feature_and_class_names()
    {
        // They had none: Csv.WriteClassPredictions(…, Datasets.Iris().ClassNames!, …) threw ArgumentNullException.
        var iris = Datasets.Iris<float>();
        iris.ClassNames.Should().Equal("setosa", "versicolor", "virginica");
        iris.FeatureNames.Should().Equal("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)");
        iris.ClassIndex("virginica").Should().Be(2);

        var cancer = Datasets.BreastCancer<float>();
        cancer.ClassNames.Should().Equal("malignant", "benign");
        cancer.FeatureNames.Should().HaveCount(30).And.StartWith("mean radius").And.EndWith("worst fractal dimension");
        cancer.FeatureNames![10].Should().Be("radius error");

        var wine = Datasets.Wine<float>();
        wine.ClassNames.Should().Equal("class_0", "class_1", "class_2");
        wine.FeatureNames.Should().HaveCount(13).And.StartWith("alcohol").And.EndWith("proline");

        var digits = Datasets.Digits();
        digits.ClassNames.Should().Equal("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        digits.FeatureNames.Should().HaveCount(64).And.StartWith("pixel_0_0").And.EndWith("pixel_7_7");

        var (train, _) = iris.SplitStratified(0.2, seed: 1);
        train.ClassNames.Should().Equal(iris.ClassNames, "splits keep the names");
    }

    [Fact]
    public void Diabetes_is_regression_with_named_features_and_target_not_class_labels()
    {
        // Its targets are whole numbers (25…346): read as class labels they would have been 347 classes.
        var d = Datasets.Diabetes<double>();
        d.HasClassLabels.Should().BeFalse();
        d.TargetNames.Should().Equal("target");
        d.FeatureNames.Should().Equal("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
        d.ClassNames.Should().BeNull();
    }

    [Fact]
    public void A_one_target_regression_built_from_arrays_is_not_class_labels_even_in_whole_numbers()
    {
        // Prices 100, 200, 300 were read as class labels: SplitStratified "worked" and one-hot gave 301 columns.
        var x = new float[,] { { 1 }, { 2 }, { 3 }, { 4 }, { 5 }, { 6 } };
        var d = Dataset<float>.From(x, new float[] { 100, 200, 100, 200, 300, 300 });

        d.HasClassLabels.Should().BeFalse();
        d.TargetNames.Should().Equal("target");
        d.Invoking(v => v.SplitStratified(0.5, seed: 1)).Should().Throw<InvalidOperationException>();
        d.Invoking(v => v.WithOneHotTargets()).Should().Throw<InvalidOperationException>();
        Dataset<float>.From(x, new[] { 0, 1, 0, 1, 2, 2 }).HasClassLabels.Should().BeTrue("the int[] form is class labels");
    }
}
