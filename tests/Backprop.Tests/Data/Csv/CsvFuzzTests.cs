using CsCheck;
using Backprop.Data;

namespace Backprop.Tests.Data;

/// <summary>
/// Any text read as CSV either gives a data set of finite values whose shape matches the file, or fails with
/// <see cref="CsvFormatException"/> (or <see cref="ArgumentException"/> for contradicting columns) — never an index or
/// null-reference exception from inside the reader. Deterministic: fixed CsCheck seed, one thread.
/// </summary>
public class CsvFuzzTests
{
    private static readonly string[] Cells = ["1", "-2.5", "3e2", "", " ", "NA", "x", "y", "a,b", "\"q\"", "\"1\"", "inf", "NaN", "1,5", "\"", "\n", "1e400", "#", "0"];

    [Fact]
    public void Random_text_reads_as_a_finite_data_set_or_fails_with_a_csv_error()
    {
        int read = 0, refused = 0;
        var row = Gen.Int[0, Cells.Length - 1].Array[0, 5].Select(ix => string.Join(",", ix.Select(i => Cells[i])));
        var file = row.Array[0, 6].Select(rows => string.Join("\n", rows));
        Gen.Select(file, Gen.Int[0, 3], Gen.Bool).Sample(
            (text, labelAt, drop) =>
            {
                var options = new CsvOptions { MissingValuePolicy = drop ? MissingValuePolicy.DropRow : MissingValuePolicy.Error };
                try
                {
                    var d = Dataset<float>.FromCsv(new StringReader(text), labelColumn: labelAt, options);
                    d.Features.Span.ToArray().Should().OnlyContain(v => float.IsFinite(v));
                    d.FeatureNames.Should().HaveCount(d.FeatureCount);
                    d.ClassLabels().Should().OnlyContain(c => c >= 0 && c < d.ClassNames!.Count);
                    read++;
                }
                catch (CsvFormatException)
                {
                    refused++;
                }
                catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException) && e.ParamName == "options")
                {
                    refused++;
                }
            },
            seed: new PCG(7, 2026).ToString(),
            iter: 3000,
            threads: 1);

        read.Should().BeGreaterThan(0, "some random files are valid");
        refused.Should().BeGreaterThan(0);
    }
}
