using System.Globalization;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.Tests.Callbacks;

public class CsvLoggerAndNaNTests
{
    [Fact]
    public void Csv_logger_writes_every_epoch_with_invariant_numbers_and_no_temp_file()
    {
        string dir = Directory.CreateTempSubdirectory("backprop-csv").FullName;
        try
        {
            string path = Path.Combine(dir, "log.csv");
            var run = new ScriptedRun([0.5, 0.25, 0.125]);
            var h = run.Fit(new CsvLogger(path));

            var lines = File.ReadAllLines(path);
            lines.Should().HaveCount(4);
            var header = lines[0].Split(',');
            header[0].Should().Be("epoch");
            header.Should().Contain(["data_loss", "penalty", "loss", "lr", "score"]);
            for (int e = 0; e < 3; e++)
            {
                var cells = lines[e + 1].Split(',');
                cells[0].Should().Be(e.ToString(CultureInfo.InvariantCulture));
                for (int c = 1; c < header.Length; c++)
                {
                    double.Parse(cells[c], CultureInfo.InvariantCulture).Should().Be(h.Epochs[e][header[c]]);
                }
            }

            File.Exists(path + ".tmp").Should().BeFalse();

            run.Fit(new CsvLogger(path, append: true));
            File.ReadAllLines(path).Should().HaveCount(7);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Terminate_on_nan_stops_at_the_first_non_finite_batch()
    {
        var model = new Sequential<double>(new Dense<double>(1));
        var data = new Dataset<double>(TestData.Random(32, 2, seed: 1, scale: 10), TestData.Random(32, 1, seed: 2, scale: 10));
        var nan = new TerminateOnNaN();

        var h = model.Fit(data, new MeanSquaredError<double>(), new Sgd<double>(1e6), epochs: 50, batchSize: 4, callbacks: [nan]);

        h.StopReason.Should().Be(StopReason.NaN);
        nan.StoppedAt.Should().NotBeNull();
        h.Epochs.Should().HaveCount(nan.StoppedAt!.Value.Epoch + 1);
        h.Epochs[^1][LogKeys.Loss].Should().Match(v => !double.IsFinite(v));
    }
}
