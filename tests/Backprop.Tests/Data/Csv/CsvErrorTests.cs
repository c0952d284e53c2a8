using Backprop.Data;

namespace Backprop.Tests.Data;

/// <summary>Every way a CSV file can be unfit for a data set fails with a message naming the row, column and cell.</summary>
public class CsvErrorTests
{
    private static CsvFormatException Fails(string text, CsvColumn label, CsvOptions? options = null)
    {
        var act = () => CsvLoadingTests.Classes(text, label, options);
        return act.Should().Throw<CsvFormatException>().Which;
    }

    private static CsvFormatException FailsRegression(string text, IReadOnlyList<CsvColumn> targets, CsvOptions? options = null)
    {
        var act = () => CsvLoadingTests.Regression(text, targets, options);
        return act.Should().Throw<CsvFormatException>().Which;
    }

    private static void At(CsvFormatException e, int row, string column, int index, string cell)
    {
        e.Row.Should().Be(row);
        e.Column.Should().Be(column);
        e.ColumnIndex.Should().Be(index);
        e.Cell.Should().Be(cell);
        e.Message.Should().StartWith($"the CSV data: row {row}, column '{column}' (index {index}): ");
    }

    [Fact]
    public void An_empty_cell_names_its_row_counting_the_header_as_row_1()
    {
        var e = Fails("a,b,y\n1,2,p\n3,,q\n", "y");
        At(e, 3, "b", 1, string.Empty);
        e.Message.Should().Contain("the cell is empty").And.Contain("MissingValuePolicy.DropRow");
    }

    [Fact]
    public void A_missing_label_is_an_error_too()
    {
        At(Fails("a,y\n1,p\n2, \n", "y"), 3, "y", 1, " ");
    }

    [Fact]
    public void A_missing_value_marker_is_reported_as_missing()
    {
        var e = Fails("a,b,y\n1,NA,p\n", "y");
        At(e, 2, "b", 1, "NA");
        e.Message.Should().Contain("\"NA\", a missing-value marker");
    }

    [Fact]
    public void Blank_lines_are_skipped_but_keep_their_row_number()
    {
        At(Fails("a,y\n1,p\n\nx,q\n", "y"), 4, "a", 0, "x");
    }

    [Fact]
    public void A_non_numeric_cell_says_how_numbers_are_read()
    {
        var e = Fails("a,b,y\n1,2,p\n3,abc,q\n", "y");
        At(e, 3, "b", 1, "abc");
        e.Message.Should().Contain("\"abc\" is not a number").And.Contain("culture-invariant").And.Contain("ExcludedColumns");
    }

    [Fact]
    public void A_decimal_comma_is_named_as_such()
    {
        var e = Fails("a;y\n1,5;p\n", "y", new CsvOptions { Delimiter = ';' });
        At(e, 2, "a", 0, "1,5");
        e.Message.Should().Contain("'.' as the decimal point");
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    [InlineData("∞")]
    [InlineData("1e400")]
    public void Infinite_text_is_an_error(string cell)
    {
        var e = Fails($"a,y\n1,p\n{cell},q\n", "y");
        At(e, 3, "a", 0, cell);
        e.Message.Should().Contain("is infinite");
    }

    [Fact]
    public void NaN_text_is_missing_by_default_and_an_error_when_not_a_marker()
    {
        At(Fails("a,y\nNaN,p\n", "y"), 2, "a", 0, "NaN");
        var e = Fails("a,y\nNaN,p\n", "y", new CsvOptions { MissingValues = [] });
        At(e, 2, "a", 0, "NaN");
        e.Message.Should().Contain("is NaN");
    }

    [Fact]
    public void A_value_beyond_float_range_is_an_error_for_float_only()
    {
        var act = () => Dataset<float>.FromCsv(new StringReader("a,y\n1e39,p\n"), "y");
        act.Should().Throw<CsvFormatException>().WithMessage("*\"1e39\" is outside the range of Single*Dataset<double>*");
        CsvLoadingTests.Classes("a,y\n1e39,p\n", "y").Features[0, 0].Should().Be(1e39);
    }

    [Fact]
    public void A_row_with_too_few_cells_is_ragged()
    {
        var e = Fails("a,b,y\n1,2,p\n3,q\n", "y");
        e.Row.Should().Be(3);
        e.Column.Should().BeNull();
        e.Message.Should().Be("the CSV data: row 3 has 2 cells but the header has 3; too few: a missing value is an empty cell between two delimiters (5.1,,1.4), not a left-out one.");
    }

    [Fact]
    public void A_row_with_too_many_cells_is_ragged()
    {
        var e = FailsRegression("1,2,3\n4,5,6,7\n", [2]);
        e.Row.Should().Be(2);
        e.Message.Should().Contain("row 2 has 4 cells but the first row has 3; too many");
    }

    [Fact]
    public void An_empty_file_and_a_blank_file_are_named_as_such()
    {
        Fails(string.Empty, "y").Message.Should().Be("the CSV data: the file is empty; a data set needs a row of numbers at least.");
        Fails("\n  \n\n", "y").Message.Should().Contain("the file is empty");
    }

    [Fact]
    public void A_header_only_file_has_no_data_rows()
    {
        Fails("a,b,y\n", "y").Message.Should().Be("the CSV data: the file has a header row but no data rows.");
    }

    [Fact]
    public void Unknown_column_names_list_the_columns_and_suggest_a_near_miss()
    {
        Fails("a,Species\n1,p\n", "species").Message.Should()
            .Be("the CSV data: there is no column named 'species' (the label column); the columns are 'a', 'Species'. Names are matched exactly: did you mean 'Species'?");
        FailsRegression("a,b\n1,2\n", ["price"]).Message.Should().Contain("no column named 'price' (the target column)");
        Fails("a,b,y\n1,2,p\n", "y", new CsvOptions { FeatureColumns = ["c"] }).Message.Should().Contain("no column named 'c' (the feature column)");
        Fails("a,b,y\n1,2,p\n", "y", new CsvOptions { ExcludedColumns = ["id"] }).Message.Should().Contain("(the excluded column)");
    }

    [Fact]
    public void A_name_in_a_headerless_file_explains_positional_names()
    {
        Fails("1,2,p\n", "species").Message.Should().Contain("no header row").And.Contain("\"0\", \"1\"");
    }

    [Fact]
    public void A_position_past_the_last_column_is_an_error()
    {
        Fails("a,y\n1,p\n", 5).Message.Should().Be("the CSV data: the label column is index 5, but the file has 2 columns (positions 0 to 1).");
        Fails("a,y\n1,p\n", ^3).Message.Should().Contain("index ^3");
    }

    [Fact]
    public void Duplicate_header_names_fail_when_such_a_column_is_read()
    {
        var e = Fails("a,a,y\n1,2,p\n", "y");
        e.Row.Should().Be(1);
        e.Message.Should().Contain("the header names two columns 'a' (indices 0 and 1)");
        Fails("a,y,y\n1,p,q\n", "y").Message.Should().Contain("the label column is 'y', but the header names two columns 'y' (indices 1 and 2)");
        CsvLoadingTests.Classes("a,x,x,y\n1,2,3,p\n", "y", new CsvOptions { ExcludedColumns = [1, 2] }).FeatureNames.Should().Equal("a");
    }

    [Fact]
    public void An_empty_header_name_fails_when_read_and_is_fine_when_excluded()
    {
        const string pandasIndex = ",a,y\n0,1,p\n1,2,q\n";
        var e = Fails(pandasIndex, "y");
        e.Message.Should().Contain("header cell of column index 0 is empty").And.Contain("ExcludedColumns = [0]");
        CsvLoadingTests.Classes(pandasIndex, "y", new CsvOptions { ExcludedColumns = [0] }).FeatureNames.Should().Equal("a");
    }

    [Fact]
    public void A_label_or_target_listed_as_a_feature_is_refused()
    {
        var label = () => CsvLoadingTests.Classes("a,y\n1,p\n", "y", new CsvOptions { FeatureColumns = ["a", 1] });
        label.Should().Throw<ArgumentException>().WithMessage("*column 'y' (index 1) is listed in FeatureColumns but it is the label*");
        var target = () => CsvLoadingTests.Regression("a,y\n1,2\n", ["y"], new CsvOptions { FeatureColumns = ["y"] });
        target.Should().Throw<ArgumentException>().WithMessage("*it is the target*");
    }

    [Fact]
    public void A_column_listed_twice_is_refused()
    {
        var act = () => CsvLoadingTests.Regression("a,b,y\n1,2,3\n", ["y", ^1]);
        act.Should().Throw<ArgumentException>().WithMessage("'targetColumns' lists column 'y' (index 2) twice*");
        var features = () => CsvLoadingTests.Classes("a,b,y\n1,2,p\n", "y", new CsvOptions { FeatureColumns = ["a", 0] });
        features.Should().Throw<ArgumentException>().WithMessage("'FeatureColumns' lists column 'a' (index 0) twice*");
    }

    [Fact]
    public void No_feature_left_is_an_error()
    {
        FailsRegression("a,y\n1,2\n", ["y"], new CsvOptions { ExcludedColumns = ["a"] }).Message.Should().Contain("no column is left for the features");
    }

    [Fact]
    public void A_label_outside_the_given_class_names_is_named()
    {
        var e = Fails("a,y\n1,p\n2,q\n3,r\n", "y", new CsvOptions { ClassNames = ["p", "q"] });
        At(e, 4, "y", 1, "r");
        e.Message.Should().Contain("the label \"r\" is not one of CsvOptions.ClassNames [p, q]");
    }

    [Fact]
    public void A_continuous_label_column_is_refused_with_the_regression_reading_named()
    {
        // A regression target passed as labelColumn would otherwise become one class per distinct value.
        var e = Fails("a,price\n1,3\n2,12.25\n3,7.5\n", "price");
        At(e, 3, "price", 1, "12.25");
        e.Message.Should().Contain("looks like a regression target").And.Contain("targetColumns: [\"price\"]").And.Contain("3 distinct values");
    }

    [Fact]
    public void Fractional_labels_are_classes_when_the_class_names_are_given()
    {
        var d = CsvLoadingTests.Classes("a,y\n1,0.5\n2,1.5\n3,0.5\n", "y", new CsvOptions { ClassNames = ["0.5", "1.5"] });
        d.ClassLabels().Should().Equal(0, 1, 0);
    }

    [Fact]
    public void Integer_and_text_labels_are_still_classes()
    {
        CsvLoadingTests.Classes("a,y\n1,2\n2,10\n3,2.0\n", "y").ClassNames.Should().Equal("2", "10");
        CsvLoadingTests.Classes("a,y\n1,1.5a\n2,b\n", "y").ClassNames.Should().Equal("1.5a", "b");
    }

    [Fact]
    public void Dropping_every_row_is_an_error()
    {
        Fails("a,y\n,p\nNA,q\n", "y", new CsvOptions { MissingValuePolicy = MissingValuePolicy.DropRow })
            .Message.Should().Contain("every one of its 2 data rows has a missing cell");
    }

    [Fact]
    public void A_bad_cell_fails_even_in_a_row_that_would_be_dropped()
    {
        At(Fails("a,b,y\n,x,p\n1,2,q\n", "y", new CsvOptions { MissingValuePolicy = MissingValuePolicy.DropRow }), 2, "b", 1, "x");
    }

    [Fact]
    public void An_unclosed_quote_is_invalid_csv()
    {
        Fails("a,y\n1,\"p\n", "y").Message.Should().StartWith("the CSV data: the file is not valid CSV: ");
    }

    [Fact]
    public void Bad_arguments_fail_before_reading()
    {
        var noTargets = () => CsvLoadingTests.Regression("a,y\n1,2\n", []);
        noTargets.Should().Throw<ArgumentException>().WithMessage("'targetColumns' must name at least one column*");
        var delimiter = () => CsvLoadingTests.Classes("a,y\n1,p\n", "y", new CsvOptions { Delimiter = '.' });
        delimiter.Should().Throw<ArgumentException>().WithMessage("'Delimiter' must be*");
        var classes = () => CsvLoadingTests.Classes("a,y\n1,p\n", "y", new CsvOptions { ClassNames = ["p", "p"] });
        classes.Should().Throw<ArgumentException>().WithMessage("'ClassNames' must be distinct*");
        var negative = () => CsvColumn.FromInt32(-1);
        negative.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*write ^1 for the last column*");
        var missingFile = () => Dataset<float>.FromCsv(Path.Combine(Path.GetTempPath(), $"no-{Guid.NewGuid():N}.csv"), "y");
        missingFile.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void A_file_path_starts_the_message()
    {
        using var folder = new TempFolder("backprop-csv");
        File.WriteAllText(folder["bad.csv"], "a,y\nx,p\n");
        var act = () => Dataset<float>.FromCsv(folder["bad.csv"], "y");
        act.Should().Throw<CsvFormatException>().WithMessage($"{folder["bad.csv"]}: row 2, column 'a' (index 0): \"x\" is not a number*");
    }
}
