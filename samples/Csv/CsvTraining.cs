using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Plotting;
using Backprop.Samples;

/// <summary>The two ways the Csv sample trains: a classifier on a label column, a regressor on target columns.</summary>
internal sealed class CsvTraining(int epochs, int batchSize, int hidden, double testFraction, int seed, SampleContext run)
{
    public int Classification(string path, CsvColumn labelColumn)
    {
        var data = Dataset<float>.FromCsv(path, labelColumn);
        var classes = data.ClassNames!;
        SampleConsole.Line($"{path}: {data.Count} rows, {data.FeatureCount} features ({Names(data.FeatureNames)}), {classes.Count} classes ({string.Join(", ", classes)})");
        var (train, test) = data.SplitStratified(testFraction, seed);
        var scaler = new StandardScaler<float>().Fit(train);   // fitted on the training rows only
        var model = new Sequential<float>(new Dense<float>(hidden, Activation.ReLU), new Dense<float>(classes.Count));
        var loss = new CategoricalCrossEntropy<float>(fromLogits: true);
        var history = TrainingDisplay.Fit("csv", progress => model.Fit(
            scaler.Transform(train), loss, new Adam<float>(0.01),
            epochs: epochs, batchSize: batchSize, validationSplit: 0.2, seed: seed, callbacks: [progress]));
        SampleConsole.Wrote(history.SavePlot(run.OutFile("csv-curves.png"), new() { Title = Path.GetFileName(path) }));

        var scaledTest = scaler.Transform(test);
        var outputs = model.Predict(scaledTest.Features);
        int[] actual = test.ClassLabels();
        string predictionsPath = run.OutFile("csv-test-predictions.csv");
        Csv.WriteClassPredictions(predictionsPath, outputs, classes, fromLogits: true, actual);
        SampleConsole.Wrote(predictionsPath);

        int[] predicted = Enumerable.Range(0, outputs.Rows).Select(r => ArgMax(outputs.Row(r))).ToArray();
        SampleConsole.Table($"test rows ({test.Count}) per class", ["class", "rows", "predicted right", "recall"],
            classes.Select((name, c) =>
            {
                int rows = actual.Count(a => a == c);
                int right = actual.Where((a, i) => a == c && predicted[i] == c).Count();
                return (IReadOnlyList<string>)[name, $"{rows}", $"{right}", rows == 0 ? "-" : SampleConsole.F($"{right / (double)rows:F4}")];
            }));
        double accuracy = model.Evaluate(scaledTest).Accuracy;
        SampleConsole.LastLine(SampleConsole.F($"test_accuracy={accuracy:F4}"));
        return 0;
    }

    public int Regression(string path, IReadOnlyList<CsvColumn> targetColumns)
    {
        var data = Dataset<float>.FromCsv(path, targetColumns);
        SampleConsole.Line($"{path}: {data.Count} rows, {data.FeatureCount} features ({Names(data.FeatureNames)}), targets {Names(data.TargetNames)}");
        var (train, test) = data.Split(testFraction, seed);
        var features = new StandardScaler<float>().Fit(train);
        var target = new StandardScaler<float>().Fit(train.Targets);
        var model = new Sequential<float>(new Dense<float>(hidden, Activation.ReLU), new Dense<float>(data.Targets.Columns));
        var history = TrainingDisplay.Fit("csv", progress => model.Fit(
            new Dataset<float>(features.Transform(train.Features), target.Transform(train.Targets)), new MeanSquaredError<float>(), new Adam<float>(0.003),
            epochs: epochs, batchSize: batchSize, validationSplit: 0.2, metrics: [new R2Score()], seed: seed, callbacks: [progress]));
        SampleConsole.Wrote(history.SavePlot(run.OutFile("csv-curves.png"), new() { Title = Path.GetFileName(path) }));

        var predicted = target.InverseTransform(model.Predict(features.Transform(test.Features)));
        string predictionsPath = run.OutFile("csv-test-predictions.csv");
        Csv.WritePredictions(predictionsPath, predicted, data.TargetNames);
        SampleConsole.Wrote(predictionsPath);
        var r2 = new R2Score();
        r2.Update(predicted, test.Targets);
        var mae = new MeanAbsoluteErrorMetric();
        mae.Update(predicted, test.Targets);
        SampleConsole.Table($"test rows ({test.Count}), target units", ["", "value"],
            [["R²", SampleConsole.F($"{r2.Result():F4}")], ["MAE", SampleConsole.F($"{mae.Result():G5}")]]);
        SampleConsole.LastLine(SampleConsole.F($"test_r2={r2.Result():F4}"));
        return 0;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++)
        {
            best = row[i] > row[best] ? i : best;
        }

        return best;
    }

    private static string Names(IReadOnlyList<string>? names)
        => names is null ? "unnamed" : names.Count <= 6 ? string.Join(", ", names) : string.Join(", ", names.Take(5)) + $", … {names.Count - 5} more";
}
