using Backprop.Data;

namespace Backprop.Tests.Data;

/// <summary>Reading classification and regression data sets from CSV: columns, names, label order, header detection.</summary>
public class CsvLoadingTests
{
    internal static readonly string IrisPath = Path.Combine(AppContext.BaseDirectory, "Data", "csv", "iris.csv");

    internal static Dataset<double> Classes(string text, CsvColumn label, CsvOptions? options = null)
        => Dataset<double>.FromCsv(new StringReader(text), label, options);

    internal static Dataset<double> Regression(string text, IReadOnlyList<CsvColumn> targets, CsvOptions? options = null)
        => Dataset<double>.FromCsv(new StringReader(text), targets, options);

    [Fact]
    public void Iris_csv_reads_as_the_embedded_iris_with_names()
    {
        var iris = Dataset<float>.FromCsv(IrisPath, labelColumn: "species");
        var embedded = Datasets.Iris<float>();

        iris.Count.Should().Be(150);
        iris.FeatureNames.Should().Equal("sepal_length", "sepal_width", "petal_length", "petal_width");
        iris.ClassNames.Should().Equal("setosa", "versicolor", "virginica");
        iris.ClassIndex("virginica").Should().Be(2);
        iris.Features.Span.ToArray().Should().Equal(embedded.Features.Span.ToArray());
        iris.Targets.Span.ToArray().Should().Equal(embedded.Targets.Span.ToArray());
        iris.HasClassLabels.Should().BeTrue();
    }

    [Fact]
    public void The_stream_and_path_forms_read_the_same()
    {
        using var stream = File.OpenRead(IrisPath);
        var fromStream = Dataset<double>.FromCsv(stream, labelColumn: ^1);
        var fromPath = Dataset<double>.FromCsv(IrisPath, labelColumn: 4);
        fromStream.Features.Span.ToArray().Should().Equal(fromPath.Features.Span.ToArray());
        fromStream.Targets.Span.ToArray().Should().Equal(fromPath.Targets.Span.ToArray());
        stream.CanRead.Should().BeTrue("the caller's stream is left open");
    }

    [Fact]
    public void Regression_reads_the_target_columns_in_the_order_given()
    {
        var d = Regression("rooms,price,area,tax\n3,250000,80.5,1.5\n4,310000.5,95,2e3\n", ["tax", "price"]);
        d.FeatureNames.Should().Equal("rooms", "area");
        d.TargetNames.Should().Equal("tax", "price");
        d.ClassNames.Should().BeNull();
        d.Features.Span.ToArray().Should().Equal(3, 80.5, 4, 95);
        d.Targets.Span.ToArray().Should().Equal(1.5, 250000, 2000, 310000.5);
    }

    [Fact]
    public void Text_labels_are_ordered_ordinally_and_integer_labels_numerically()
    {
        var text = Classes("x,y\n1,b\n2,a\n3,B\n4,a\n", "y");
        text.ClassNames.Should().Equal("B", "a", "b");
        text.ClassLabels().Should().Equal(2, 1, 0, 1);

        var integers = Classes("x,y\n1,10\n2,9\n3,-1\n4,10.0\n", "y");
        integers.ClassNames.Should().Equal("-1", "9", "10");
        integers.ClassLabels().Should().Equal(2, 1, 0, 2);
    }

    [Fact]
    public void Given_class_names_fix_the_indices_even_for_classes_the_file_lacks()
    {
        var d = Classes("x,y\n1,c\n2,a\n", "y", new CsvOptions { ClassNames = ["a", "b", "c"] });
        d.ClassNames.Should().Equal("a", "b", "c");
        d.ClassLabels().Should().Equal(2, 0);
        d.WithOneHotTargets().Targets.Columns.Should().Be(3, "one-hot width follows the class names, not the labels present");
    }

    [Fact]
    public void Feature_columns_select_and_order_features_and_excluded_columns_are_not_read()
    {
        const string csv = "id,a,b,c,label\nx-1,1,2,3,p\nx-2,4,5,6,q\n";
        var chosen = Classes(csv, "label", new CsvOptions { FeatureColumns = ["c", 1] });
        chosen.FeatureNames.Should().Equal("c", "a");
        chosen.Features.Span.ToArray().Should().Equal(3, 1, 6, 4);

        var excluded = Classes(csv, "label", new CsvOptions { ExcludedColumns = ["id"] });
        excluded.FeatureNames.Should().Equal("a", "b", "c");
    }

    [Theory]
    [InlineData("a,b,y\n1,2,p\n", true)]                 // all text over numbers
    [InlineData("a,2,y\n1,2,p\n", true)]                 // one text cell over a number
    [InlineData("1,2,p\n3,4,q\n", false)]                // numbers: data
    [InlineData("5.1,,p\n3,4,q\n", false)]               // a missing cell is no evidence of a header
    [InlineData("a,b,c\nd,e,f\n", true)]                 // no number at all
    public void Auto_header_rule(string text, bool header)
    {
        var first = text.Split('\n')[0].Split(',');
        var second = text.Split('\n')[1].Split(',');
        CsvLoaderAccess.LooksLikeHeader(first, second).Should().Be(header);
    }

    [Fact]
    public void Without_a_header_columns_are_named_by_position()
    {
        var d = Classes("5.1,3.5,setosa\n4.9,3.0,setosa\n6.2,3.4,virginica\n", "2");
        d.FeatureNames.Should().Equal("0", "1");
        d.ClassNames.Should().Equal("setosa", "virginica");
        d.Count.Should().Be(3);

        var forced = Regression("1,2\n3,4\n", [^1], new CsvOptions { Header = CsvHeader.Present });
        forced.Count.Should().Be(1);
        forced.FeatureNames.Should().Equal("1");
    }

    [Fact]
    public void Delimiter_is_detected_and_quoted_fields_blank_lines_and_spaces_are_handled()
    {
        var d = Classes("a;b;label\n 1.5 ;2;\"x;y\"\n\n3;-4e-1; z \n", "label");
        d.Features.Span.ToArray().Should().Equal(1.5, 2, 3, -0.4);
        d.ClassNames.Should().Equal("x;y", "z");

        var tabs = Regression("a\tb\n1\t2\n", ["b"]);
        tabs.Features[0, 0].Should().Be(1);
    }

    [Fact]
    public void A_hash_is_data_not_a_comment_and_a_byte_order_mark_is_skipped()
    {
        var d = Classes("#id,a,y\n#1,2,p\n", "y", new CsvOptions { ExcludedColumns = ["#id"] });
        d.FeatureNames.Should().Equal("a");
        d.ClassNames.Should().Equal("p");

        using var stream = new MemoryStream([.. System.Text.Encoding.UTF8.GetPreamble(), .. "a,y\n1,2\n"u8.ToArray()]);
        Dataset<double>.FromCsv(stream, ["y"]).FeatureNames.Should().Equal("a");
    }

    [Fact]
    public void Drop_row_policy_leaves_out_rows_with_missing_cells_in_read_columns_only()
    {
        var d = Regression("id,a,y\n,1,2\nk,NA,3\nm,4,\nn,5,6\n", ["y"], new CsvOptions { ExcludedColumns = ["id"], MissingValuePolicy = MissingValuePolicy.DropRow });
        d.Features.Span.ToArray().Should().Equal(1, 5);
        d.Targets.Span.ToArray().Should().Equal(2, 6);
    }

    [Fact]
    public void A_numeric_missing_value_marker_is_missing_in_number_columns_whatever_its_spelling()
    {
        // pandas' na_values=[-999]: the placeholder is missing, also written as -999.0 or with spaces; it was read as a
        // value because a cell that parsed as a number was never compared with the markers.
        var options = new CsvOptions { MissingValues = ["-999", "NA"], MissingValuePolicy = MissingValuePolicy.DropRow };
        var d = Regression("a,b,y\n-999,1,2\n3, -999.0 ,4\n5,6,-999\n7,8,9\n-998,0,1\n", ["y"], options);
        d.Features.Span.ToArray().Should().Equal(7, 8, -998, 0);
        d.Targets.Span.ToArray().Should().Equal(9, 1);

        var strict = () => Regression("a,y\n1,2\n-999,3\n", ["y"], new CsvOptions { MissingValues = ["-999"] });
        strict.Should().Throw<CsvFormatException>().WithMessage("*row 3, column 'a'*\"-999\", a missing-value marker*");
    }

    [Fact]
    public void Names_survive_splits_subsets_and_scaling()
    {
        var iris = Dataset<float>.FromCsv(IrisPath, labelColumn: "species");
        var (train, test) = iris.SplitStratified(0.2, seed: 1);
        test.ClassNames.Should().Equal(iris.ClassNames);
        train.FeatureNames.Should().Equal(iris.FeatureNames);
        train.WithFeatures(train.Features.Clone()).FeatureNames.Should().Equal(iris.FeatureNames);
        train.WithOneHotTargets().ClassNames.Should().Equal(iris.ClassNames);
    }

    [Fact]
    public void Float_and_double_read_the_same_decimal_text()
    {
        const string csv = "a,y\n0.1,1\n1e-7,2\n";
        Dataset<float>.FromCsv(new StringReader(csv), ["y"]).Features.Span.ToArray().Should().Equal(0.1f, 1e-7f);
        Dataset<double>.FromCsv(new StringReader(csv), ["y"]).Features.Span.ToArray().Should().Equal(0.1, 1e-7);
    }

    [Fact]
    public void One_column_regression_from_arrays()
    {
        var d = Dataset<double>.From(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }, new double[] { 10, 20, 30 });
        d.Targets.Rows.Should().Be(3);
        d.Targets.Columns.Should().Be(1);
        d.Targets.Span.ToArray().Should().Equal(10, 20, 30);

        var jagged = Dataset<float>.From([[1f], [2f]], new float[] { 0.5f, 1.5f });
        jagged.Targets.Span.ToArray().Should().Equal(0.5f, 1.5f);

        FluentActions.Invoking(() => Dataset<double>.From(new double[,] { { 1 }, { 2 } }, new double[] { 1 }))
            .Should().Throw<ArgumentException>().WithMessage("*2 rows but 1 targets*");
        FluentActions.Invoking(() => Dataset<double>.From(new double[,] { { 1 } }, new[] { double.NaN }))
            .Should().Throw<ArgumentException>().WithMessage("*NaN*");
    }
}

/// <summary>Reaches the internal header rule with default options.</summary>
internal static class CsvLoaderAccess
{
    public static bool LooksLikeHeader(string[] first, string[] second) => CsvLoader.LooksLikeHeader(first, second, CsvOptions.Default);
}
