using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;

namespace Backprop.Docs.Tests;

/// <summary>The README's "Your own data (CSV)" section, run in a folder holding <c>samples/data/iris.csv</c>.</summary>
[Collection(CurrentDirectory.Collection)]
public sealed class ReadmeCsvSnippets : InTemporaryDirectory
{
    public ReadmeCsvSnippets()
        : base("docs-readme-csv-")
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "iris.csv"), Path.Combine(Folder, "iris.csv"));
    }

    [Fact]
    public void The_csv_section_trains_on_iris_csv_and_writes_history_and_predictions()
    {
        #region ReadmeCsv
        var data = Dataset<float>.FromCsv("iris.csv", labelColumn: "species");   // header, delimiter detected
        var (train, test) = data.SplitStratified(testFraction: 0.2, seed: 42);
        var scaler = new StandardScaler<float>().Fit(train);                     // statistics of the training rows only
        (train, test) = (scaler.Transform(train), scaler.Transform(test));

        var model = new Sequential<float>(new Dense<float>(16, Activation.ReLU), new Dense<float>(data.ClassNames!.Count));
        var history = model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01),
            epochs: 100, batchSize: 16, seed: 42);
        Console.WriteLine($"test accuracy {model.Evaluate(test).Accuracy:P1}");   // 96.7 % here (29 of 30)
        Console.WriteLine(model.Summary());                                       // Keras's table

        history.ToCsv("history.csv");                                             // epoch, loss, accuracy, …
        Csv.WriteClassPredictions("predictions.csv", model.Predict(test.Features), data.ClassNames,
            fromLogits: true, actual: test.ClassLabels());                        // actual, predicted, p_setosa, …
        #endregion

        model.Evaluate(test).Accuracy.Should().BeGreaterThanOrEqualTo(28.0 / 30, "the README shows 29 of 30; another kernel ISA may round one case differently");
        model.Summary().Should().Contain("Total params: 131 (524.00 B)");
        File.ReadAllLines("history.csv").Should().HaveCount(101);
        var predictions = File.ReadAllLines("predictions.csv");
        predictions[0].Should().Be("actual,predicted,p_setosa,p_versicolor,p_virginica");
        predictions.Should().HaveCount(test.Count + 1);
    }
}
