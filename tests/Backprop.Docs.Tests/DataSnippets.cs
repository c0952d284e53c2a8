using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;

namespace Backprop.Docs.Tests;

/// <summary>docs/data.md, run in a folder holding the CSV files the page names (iris.csv is samples/data/iris.csv).</summary>
[Collection(CurrentDirectory.Collection)]
public sealed class DataSnippets : InTemporaryDirectory
{
    public DataSnippets()
        : base("docs-data-")
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "iris.csv"), Path.Combine(Folder, "iris.csv"));
        File.WriteAllText("houses.csv", "rooms,area,price\n3,80,250000\n4,95,310000\n2,50,180000\n5,120,400000\n");
        File.WriteAllText("patients.csv", "id,age,bmi,outcome\np1,50,22.5,healthy\np2,61,NA,ill\np3,45,31,ill\np4,38,24,healthy\n");
        File.WriteAllText("patients-test.csv", "id,age,bmi,outcome\nq1,70,29,ill\n");
        File.WriteAllText("new-flowers.csv", "petal_width,petal_length,sepal_width,sepal_length,note\n0.2,1.4,3.5,5.1,first\n");
    }

    [Fact]
    public void Data_sets_from_arrays()
    {
        #region DatasetFromArrays
        var classes = Dataset<float>.From(new float[,] { { 0, 1 }, { 1, 0 } }, new[] { 1, 0 });       // int labels
        var regression = Dataset<float>.From(new float[,] { { 1 }, { 2 } }, new[] { 10f, 20f });       // one target per row
        var outputs = Dataset<float>.From(new float[,] { { 1 }, { 2 } }, new float[,] { { 1, 2 }, { 3, 4 } });
        #endregion

        classes.HasClassLabels.Should().BeTrue();
        regression.Targets.Span.ToArray().Should().Equal(10f, 20f);
        outputs.Targets.Columns.Should().Be(2);
    }

    [Fact]
    public void A_csv_file_with_a_label_column_or_target_columns()
    {
        #region CsvLabelOrTargets
        var iris = Dataset<float>.FromCsv("iris.csv", labelColumn: "species");
        Console.WriteLine(string.Join(", ", iris.ClassNames!));    // setosa, versicolor, virginica
        Console.WriteLine(iris.ClassIndex("virginica"));           // 2
        Console.WriteLine(string.Join(", ", iris.FeatureNames!));  // sepal_length, sepal_width, petal_length, petal_width

        var houses = Dataset<float>.FromCsv("houses.csv", targetColumns: ["price"]);
        Console.WriteLine(houses.Targets.Columns);                 // 1
        #endregion

        iris.ClassNames.Should().Equal("setosa", "versicolor", "virginica");
        iris.ClassIndex("virginica").Should().Be(2);
        iris.FeatureNames.Should().Equal("sepal_length", "sepal_width", "petal_length", "petal_width");
        houses.FeatureNames.Should().Equal("rooms", "area");
        houses.Targets.Columns.Should().Be(1);
    }

    [Fact]
    public void Csv_options_exclude_a_column_drop_rows_and_share_class_indices()
    {
        #region CsvOptions
        var options = new CsvOptions
        {
            ExcludedColumns = ["id"],                        // not read at all
            MissingValuePolicy = MissingValuePolicy.DropRow, // rows with a missing cell are left out
        };
        var patients = Dataset<double>.FromCsv("patients.csv", labelColumn: "outcome", options);
        var test = Dataset<double>.FromCsv("patients-test.csv", labelColumn: "outcome",
            options with { ClassNames = patients.ClassNames });  // same indices as training
        #endregion

        patients.Count.Should().Be(3);
        patients.FeatureNames.Should().Equal("age", "bmi");
        test.ClassLabels().Should().Equal(patients.ClassIndex("ill"));
    }

    [Fact]
    public void Scaling_splitting_writing_results_and_predicting_new_rows()
    {
        var iris = Dataset<float>.FromCsv("iris.csv", labelColumn: "species");
        var houses = Dataset<float>.FromCsv("houses.csv", targetColumns: ["price"]);

        #region ScaleOnTrainingRows
        var (train, test) = iris.SplitStratified(testFraction: 0.2, seed: 42);
        var scaler = new StandardScaler<float>().Fit(train);       // or new MinMaxScaler<float>(0, 1)
        (train, test) = (scaler.Transform(train), scaler.Transform(test));
        #endregion

        #region KFold
        foreach (var (foldTrain, foldValidation) in iris.KFold(k: 5, seed: 1, stratified: true))
        {
            Console.WriteLine($"{foldTrain.Count} / {foldValidation.Count}");   // 120 / 30
        }
        #endregion

        iris.KFold(k: 5, seed: 1, stratified: true).Select(f => (f.Train.Count, f.Validation.Count)).Should().Equal(Enumerable.Repeat((120, 30), 5));

        // The models the next block names.
        var model = new Sequential<float>(new Dense<float>(8, Activation.ReLU), new Dense<float>(3));
        var history = model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 20, batchSize: 16, seed: 1);
        var regressor = new Sequential<float>(new Dense<float>(1));
        regressor.Fit(houses, new MeanSquaredError<float>(), new Adam<float>(0.01), epochs: 2, seed: 1);

        #region WriteResults
        history.ToCsv("history.csv");   // epoch,data_loss,penalty,loss,accuracy,lr — one row per epoch
        Csv.WriteClassPredictions("predictions.csv", model.Predict(test.Features), iris.ClassNames!,
            fromLogits: true, actual: test.ClassLabels());   // actual,predicted,p_setosa,p_versicolor,p_virginica
        Csv.WritePredictions("prices.csv", regressor.Predict(houses.Features), houses.TargetNames);   // price
        #endregion

        File.ReadLines("history.csv").First().Should().Be("epoch,data_loss,penalty,loss,accuracy,lr");
        File.ReadAllLines("history.csv").Should().HaveCount(21);
        File.ReadLines("predictions.csv").First().Should().Be("actual,predicted,p_setosa,p_versicolor,p_virginica");
        File.ReadAllLines("predictions.csv").Should().HaveCount(test.Count + 1);
        File.ReadLines("prices.csv").First().Should().Be("price");

        #region PredictNewRows
        var newRows = Csv.ReadFeatures<float>("new-flowers.csv",
            new CsvOptions { FeatureColumns = CsvColumn.FromNames(iris.FeatureNames!) });
        int[] predicted = model.PredictClasses(scaler.Transform(newRows));
        Console.WriteLine(iris.ClassNames![predicted[0]]);
        #endregion

        newRows.Span.ToArray().Should().Equal(5.1f, 3.5f, 1.4f, 0.2f);
        iris.ClassNames[predicted[0]].Should().Be("setosa");
    }
}
