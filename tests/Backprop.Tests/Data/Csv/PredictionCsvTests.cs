using Backprop.Data;

namespace Backprop.Tests.Data;

/// <summary>Predictions written as CSV: headers, probabilities, labels, quoting and atomic replacement.</summary>
public class PredictionCsvTests
{
    [Fact]
    public void Class_predictions_from_logits_hold_softmax_probabilities_and_labels()
    {
        var logits = new Tensor2D<double>(2, 3, [0, Math.Log(3), 0, 2, 1, 0]);
        using var folder = new TempFolder("backprop-csv");
        Csv.WriteClassPredictions(folder["p.csv"], logits, ["setosa", "versi,color", "vir\"ginica"], fromLogits: true, actual: [1, 2]);

        var lines = File.ReadAllLines(folder["p.csv"]);
        lines[0].Should().Be("actual,predicted,p_setosa,\"p_versi,color\",\"p_vir\"\"ginica\"");
        lines[1].Should().StartWith("\"versi,color\",\"versi,color\",");
        var p = lines[1].Split(',').TakeLast(3).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        p.Should().HaveCount(3);
        p[0].Should().BeApproximately(0.2, 1e-15);
        p[1].Should().BeApproximately(0.6, 1e-15);
        lines[2].Should().StartWith("\"vir\"\"ginica\",setosa,");

        var reread = Dataset<double>.FromCsv(folder["p.csv"], labelColumn: "actual", new CsvOptions { ExcludedColumns = ["predicted"] });
        reread.FeatureNames.Should().Equal("p_setosa", "p_versi,color", "p_vir\"ginica");
        reread.ClassNames.Should().Equal("versi,color", "vir\"ginica");
    }

    [Fact]
    public void Probabilities_are_written_as_given_and_one_output_models_get_two_classes()
    {
        using var folder = new TempFolder("backprop-csv");
        Csv.WriteClassPredictions(folder["p.csv"], new Tensor2D<float>(2, 1, [0.25f, 0.5f]), ["no", "yes"], fromLogits: false);
        File.ReadAllLines(folder["p.csv"]).Should().Equal("predicted,p_no,p_yes", "no,0.75,0.25", "yes,0.5,0.5");

        Csv.WriteClassPredictions(folder["l.csv"], new Tensor2D<double>(1, 1, [0.0]), ["no", "yes"], fromLogits: true);
        File.ReadAllLines(folder["l.csv"]).Should().Equal("predicted,p_no,p_yes", "yes,0.5,0.5");
    }

    [Fact]
    public void Regression_predictions_use_the_target_names_or_numbered_outputs()
    {
        using var folder = new TempFolder("backprop-csv");
        var values = new Tensor2D<float>(2, 2, [0.1f, -3e-8f, 1e10f, 2f]);
        Csv.WritePredictions(folder["a.csv"], values, ["price", "tax"]);
        File.ReadAllLines(folder["a.csv"]).Should().Equal("price,tax", "0.1,-3E-08", "1E+10,2");
        Csv.WritePredictions(folder["b.csv"], values);
        File.ReadAllLines(folder["b.csv"])[0].Should().Be("output_0,output_1");
        var back = Csv.ReadFeatures<float>(folder["a.csv"]);
        back.Span.ToArray().Should().Equal(values.Span.ToArray());
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_file_whole()
    {
        using var folder = new TempFolder("backprop-csv");
        File.WriteAllText(folder["p.csv"], "old");
        var diverged = new Tensor2D<double>(2, 2, [1, 0, double.NaN, 0]);
        var act = () => Csv.WriteClassPredictions(folder["p.csv"], diverged, ["a", "b"], fromLogits: true);
        act.Should().Throw<InvalidOperationException>().WithMessage("*row 1 holds NaN*");
        File.ReadAllText(folder["p.csv"]).Should().Be("old");
        Directory.GetFiles(folder.Path).Should().HaveCount(1, "the temporary file is deleted");
    }

    [Fact]
    public void Mismatched_names_and_actual_classes_are_refused()
    {
        var outputs = new Tensor2D<double>(2, 3);
        var names = () => Csv.WriteClassPredictions("x.csv", outputs, ["a", "b"], fromLogits: true);
        names.Should().Throw<ArgumentException>().WithMessage("'classNames' must hold 3 labels for outputs of shape [2, 3]; got 2.*");
        var actual = () => Csv.WriteClassPredictions("x.csv", outputs, ["a", "b", "c"], fromLogits: true, actual: [0, 3]);
        actual.Should().Throw<ArgumentOutOfRangeException>();
        var columns = () => Csv.WritePredictions("x.csv", outputs, ["a"]);
        columns.Should().Throw<ArgumentException>().WithMessage("'columnNames' must name each of the 3 output columns; got 1 names.*");
    }
}
