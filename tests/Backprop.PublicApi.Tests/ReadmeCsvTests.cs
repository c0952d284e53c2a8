using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;

namespace Backprop.PublicApi.Tests;

/// <summary>The README's "Your own data (CSV)" block, verbatim but for the folder it runs in, so the page cannot drift from the API.</summary>
public sealed class ReadmeCsvTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-readme-csv").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string InFolder(string name) => Path.Combine(_folder, name);

    [Fact]
    public void The_readme_csv_block_trains_on_iris_csv_and_writes_history_and_predictions()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "iris.csv"), InFolder("iris.csv"));
        var output = new StringWriter();

        // ---- README block (paths made absolute, Console → output) ----
        var data = Dataset<float>.FromCsv(InFolder("iris.csv"), labelColumn: "species");   // header, delimiter detected
        var (train, test) = data.SplitStratified(testFraction: 0.2, seed: 42);
        var scaler = new StandardScaler<float>().Fit(train);                     // statistics of the training rows only
        (train, test) = (scaler.Transform(train), scaler.Transform(test));

        var model = new Sequential<float>(new Dense<float>(16, Activation.ReLU), new Dense<float>(data.ClassNames!.Count));
        var history = model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01),
            epochs: 100, batchSize: 16, seed: 42);
        output.WriteLine($"test accuracy {model.Evaluate(test).Accuracy:P1}");   // 96.7 % here (29 of 30)
        output.WriteLine(model.Summary());                                       // Keras's table

        history.ToCsv(InFolder("history.csv"));                                             // epoch, loss, accuracy, …
        Csv.WriteClassPredictions(InFolder("predictions.csv"), model.Predict(test.Features), data.ClassNames,
            fromLogits: true, actual: test.ClassLabels());                        // actual, predicted, p_setosa, …
        // ---- end of README block ----

        model.Evaluate(test).Accuracy.Should().BeGreaterThanOrEqualTo(28.0 / 30, "the README shows 29 of 30; another kernel ISA may round one case differently");
        output.ToString().Should().Contain("Total params: 131 (524.00 B)");
        File.ReadAllLines(InFolder("history.csv")).Should().HaveCount(101);
        var predictions = File.ReadAllLines(InFolder("predictions.csv"));
        predictions[0].Should().Be("actual,predicted,p_setosa,p_versicolor,p_virginica");
        predictions.Should().HaveCount(test.Count + 1);
    }

    [Fact]
    public void Regression_form_of_the_readme_reads_target_columns()
    {
        File.WriteAllText(InFolder("houses.csv"), "rooms,area,price\n3,80,250000\n4,95,310000\n2,50,180000\n");
        var houses = Dataset<float>.FromCsv(InFolder("houses.csv"), targetColumns: ["price"]);
        houses.FeatureNames.Should().Equal("rooms", "area");
        houses.Targets.Columns.Should().Be(1);
    }
}
