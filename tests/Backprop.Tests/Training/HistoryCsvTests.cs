using System.Globalization;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>history.ToCsv writes every logged value so that it reads back exactly.</summary>
public class HistoryCsvTests
{
    private static History Sample()
    {
        var history = new History([]);
        var values = new[] { 0.1, 1.0 / 3, 1e-300, -2.5e17, double.NaN, double.PositiveInfinity };
        for (int epoch = 0; epoch < values.Length; epoch++)
        {
            var logs = new EpochLogs(epoch) { ["loss"] = values[epoch], ["accuracy"] = 1 - (epoch * 0.125) };
            if (epoch >= 2)
            {
                logs["val_loss"] = values[epoch] * 2;   // a key first logged later: earlier rows get an empty cell
            }

            history.Add(logs);
        }

        return history;
    }

    [Fact]
    public void History_round_trips_through_csv_exactly()
    {
        var history = Sample();
        using var folder = new TempFolder("backprop-csv");
        history.ToCsv(folder["history.csv"]);

        var lines = File.ReadAllLines(folder["history.csv"]);
        lines[0].Should().Be("epoch,loss,accuracy,val_loss");
        lines.Should().HaveCount(history.Epochs.Count + 1);
        for (int e = 0; e < history.Epochs.Count; e++)
        {
            var cells = lines[e + 1].Split(',');
            int.Parse(cells[0], CultureInfo.InvariantCulture).Should().Be(e);
            var names = lines[0].Split(',');
            for (int c = 1; c < names.Length; c++)
            {
                if (history.Epochs[e].TryGetValue(names[c], out double expected))
                {
                    double read = double.Parse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture);
                    BitConverter.DoubleToInt64Bits(read).Should().Be(BitConverter.DoubleToInt64Bits(expected), $"epoch {e} {names[c]} reads back bit for bit");
                }
                else
                {
                    cells[c].Should().BeEmpty();
                }
            }
        }

        lines[1].Should().Be("0,0.1,1,");
        lines[5].Should().Be("4,NaN,0.5,NaN");
    }

    [Fact]
    public void The_file_reads_back_with_FromCsv_too()
    {
        var history = new History([]);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            history.Add(new EpochLogs(epoch) { ["loss"] = 1.0 / (epoch + 3), ["val_loss"] = 1.0 / (epoch + 7) });
        }

        using var folder = new TempFolder("backprop-csv");
        history.ToCsv(folder["history.csv"]);
        var read = Dataset<double>.FromCsv(folder["history.csv"], targetColumns: ["val_loss"]);
        read.FeatureNames.Should().Equal("epoch", "loss");
        read.Targets.Span.ToArray().Should().Equal(history["val_loss"]);
        Enumerable.Range(0, 3).Select(r => read.Features[r, 1]).Should().Equal(history["loss"]);
    }

    [Fact]
    public void A_fit_history_is_written_with_its_logged_names()
    {
        var data = Dataset<double>.From(new double[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } }, new[] { 0, 1, 1, 0 });
        var model = new Sequential<double>(new Dense<double>(2));
        var history = model.Fit(data, new CategoricalCrossEntropy<double>(fromLogits: true), new Sgd<double>(0.1), epochs: 2, batchSize: 4, seed: 1);
        using var writer = new StringWriter();
        history.ToCsv(writer);
        var header = writer.ToString().Split('\n')[0].Split(',');
        header[0].Should().Be("epoch");
        header.Skip(1).Should().BeEquivalentTo(history.Epochs[0].Keys);
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(3);
    }
}
