using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;

namespace Backprop.PublicApi.Tests;

/// <summary>
/// The code blocks of docs/data.md, in page order and verbatim except that file names are made absolute (InFolder),
/// so the page compiles and runs as written.
/// </summary>
public sealed class DocsDataTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-docs-data").FullName;

    public DocsDataTests()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "iris.csv"), InFolder("iris.csv"));
        File.WriteAllText(InFolder("houses.csv"), "rooms,area,price\n3,80,250000\n4,95,310000\n2,50,180000\n5,120,400000\n");
        File.WriteAllText(InFolder("patients.csv"), "id,age,bmi,outcome\np1,50,22.5,healthy\np2,61,NA,ill\np3,45,31,ill\np4,38,24,healthy\n");
        File.WriteAllText(InFolder("patients-test.csv"), "id,age,bmi,outcome\nq1,70,29,ill\n");
        File.WriteAllText(InFolder("new-flowers.csv"), "petal_width,petal_length,sepal_width,sepal_length,note\n0.2,1.4,3.5,5.1,first\n");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string InFolder(string name) => Path.Combine(_folder, name);

    [Fact]
    public void Arrays_block()
    {
        var classes = Dataset<float>.From(new float[,] { { 0, 1 }, { 1, 0 } }, new[] { 1, 0 });       // int labels
        var regression = Dataset<float>.From(new float[,] { { 1 }, { 2 } }, new[] { 10f, 20f });       // one target per row
        var outputs = Dataset<float>.From(new float[,] { { 1 }, { 2 } }, new float[,] { { 1, 2 }, { 3, 4 } });

        classes.HasClassLabels.Should().BeTrue();
        regression.Targets.Span.ToArray().Should().Equal(10f, 20f);
        outputs.Targets.Columns.Should().Be(2);
    }

    [Fact]
    public void All_blocks_from_csv_to_written_results()
    {
        // ---- Your own CSV ----
        var iris = Dataset<float>.FromCsv(InFolder("iris.csv"), labelColumn: "species");
        Console.WriteLine(string.Join(", ", iris.ClassNames!));    // setosa, versicolor, virginica
        Console.WriteLine(iris.ClassIndex("virginica"));           // 2
        Console.WriteLine(string.Join(", ", iris.FeatureNames!));  // sepal_length, sepal_width, petal_length, petal_width

        var houses = Dataset<float>.FromCsv(InFolder("houses.csv"), targetColumns: ["price"]);
        Console.WriteLine(houses.Targets.Columns);                 // 1

        iris.ClassNames.Should().Equal("setosa", "versicolor", "virginica");
        iris.ClassIndex("virginica").Should().Be(2);
        houses.Targets.Columns.Should().Be(1);

        // ---- options ----
        var options = new CsvOptions
        {
            ExcludedColumns = ["id"],                        // not read at all
            MissingValuePolicy = MissingValuePolicy.DropRow, // rows with a missing cell are left out
        };
        var patients = Dataset<double>.FromCsv(InFolder("patients.csv"), labelColumn: "outcome", options);
        var test = Dataset<double>.FromCsv(InFolder("patients-test.csv"), labelColumn: "outcome",
            options with { ClassNames = patients.ClassNames });  // same indices as training

        patients.Count.Should().Be(3);
        test.ClassLabels().Should().Equal(patients.ClassIndex("ill"));

        // ---- Scaling ----
        var (train, irisTest) = iris.SplitStratified(testFraction: 0.2, seed: 42);
        var scaler = new StandardScaler<float>().Fit(train);       // or new MinMaxScaler<float>(0, 1)
        (train, irisTest) = (scaler.Transform(train), scaler.Transform(irisTest));

        // ---- Splitting ----
        foreach (var (foldTrain, foldValidation) in iris.KFold(k: 5, seed: 1, stratified: true))
        {
            Console.WriteLine($"{foldTrain.Count} / {foldValidation.Count}");   // 120 / 30
            foldValidation.Count.Should().Be(30);
        }

        // ---- Writing results (models trained here so the block has what it names) ----
        var model = new Sequential<float>(new Dense<float>(8, Activation.ReLU), new Dense<float>(3));
        var history = model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 20, batchSize: 16, seed: 1);
        var regressor = new Sequential<float>(new Dense<float>(1));
        regressor.Fit(houses, new MeanSquaredError<float>(), new Adam<float>(0.01), epochs: 2, seed: 1);

        history.ToCsv(InFolder("history.csv"));   // epoch,data_loss,penalty,loss,accuracy,lr — one row per epoch
        Csv.WriteClassPredictions(InFolder("predictions.csv"), model.Predict(irisTest.Features), iris.ClassNames!,
            fromLogits: true, actual: irisTest.ClassLabels());   // actual,predicted,p_setosa,p_versicolor,p_virginica
        Csv.WritePredictions(InFolder("prices.csv"), regressor.Predict(houses.Features), houses.TargetNames);   // price

        File.ReadLines(InFolder("history.csv")).First().Should().Be("epoch,data_loss,penalty,loss,accuracy,lr");
        File.ReadLines(InFolder("predictions.csv")).First().Should().Be("actual,predicted,p_setosa,p_versicolor,p_virginica");
        File.ReadLines(InFolder("prices.csv")).First().Should().Be("price");

        // ---- New rows to predict ----
        var newRows = Csv.ReadFeatures<float>(InFolder("new-flowers.csv"),
            new CsvOptions { FeatureColumns = CsvColumn.FromNames(iris.FeatureNames!) });
        int[] predicted = model.PredictClasses(scaler.Transform(newRows));
        Console.WriteLine(iris.ClassNames![predicted[0]]);

        newRows.Span.ToArray().Should().Equal(5.1f, 3.5f, 1.4f, 0.2f);
        iris.ClassNames[predicted[0]].Should().Be("setosa");
    }
}
