// Regression on the embedded diabetes data (Efron et al., 442 patients × 10 features; target: disease progression
// one year later): the same MLP trained with mean squared error and with Huber loss, compared on held-out patients.
// Run: dotnet run -c Release --project samples/Regression [-- --help]
// Last line: test_r2_mse=0.xxxx test_r2_huber=0.xxxx (R² on the test rows, in the target's own units).
using Backprop;
using Backprop.Activations;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Plotting;
using Backprop.Samples;
using Backprop.Training;

var cli = new SampleCommand("Regression", "diabetes progression, MLP 10-32-1, mean squared error vs Huber loss, R² and MAE on held-out patients");
var epochs = cli.Positive("--epochs", 300, "Most epochs per model (early stopping on val_loss, patience 30, usually stops sooner)");
var batchSize = cli.Positive("--batch-size", 32, "Rows per batch");
var seed = cli.Add("--seed", 42, "Seed for the weights, the shuffling and the validation split (the test split always uses 42)");
var learningRate = cli.Add("--learning-rate", 0.001, "Adam's learning rate", "lr");
var delta = cli.Add("--delta", 1.0, "Huber's δ, in standard deviations of the target (targets are standardized)", "δ");
return cli.Run(args, (parsed, run) =>
{
    // Split first, then fit both scalers on the training rows only, so nothing about the test rows leaks in.
    var (train, test) = Datasets.Diabetes<float>().Split(testFraction: 0.2, seed: 42);
    var features = new StandardScaler<float>().Fit(train);
    var target = new StandardScaler<float>().Fit(train.Targets);  // targets in standard deviations: one δ, one learning rate for any unit
    var scaledTrain = new Dataset<float>(features.Transform(train.Features), target.Transform(train.Targets));
    var scaledTest = features.Transform(test.Features);
    SampleConsole.Line(SampleConsole.F($"diabetes: {train.Count} training rows (20 % of them for validation), {test.Count} test rows; target mean {target.Offsets[0]:F1}, sd {target.Scales[0]:F1}"));

    var results = new List<(string Name, History History, float[] Predicted)>();
    foreach (var (name, loss) in new (string, Loss<float>)[] { ("mse", new MeanSquaredError<float>()), ("huber", new Huber<float>(parsed.GetValue(delta))) })
    {
        var model = new Sequential<float>(
            new Dense<float>(32, Activation.ReLU),
            new Dense<float>(1));
        var history = TrainingDisplay.Fit(name, progress => model.Fit(
            scaledTrain,
            loss,
            new Adam<float>(learningRate: parsed.GetValue(learningRate)),
            epochs: parsed.GetValue(epochs),
            batchSize: parsed.GetValue(batchSize),
            validationSplit: 0.2,
            metrics: [new R2Score(), new MeanAbsoluteErrorMetric()],
            seed: parsed.GetValue(seed),
            callbacks: [new EarlyStopping(monitor: LogKeys.ValidationLoss, patience: 30, restoreBestWeights: true), progress]));
        var predicted = target.InverseTransform(model.Predict(scaledTest));   // back to disease-progression units
        results.Add((name, history, predicted.Span.ToArray()));
        SampleConsole.Wrote(history.SavePlot(run.OutFile($"regression-{name}.png"),
            new() { Title = $"diabetes, {name}", Keys = [LogKeys.Loss, "r2_score", "mae"] }));
    }

    float[] actual = test.Targets.Span.ToArray();
    SampleConsole.Wrote(RegressionPlot.PredictedVsActual(run.OutFile("regression-predictions.png"), actual, results.Select(r => (r.Name, r.Predicted))));
    var scores = results.Select(r => (r.Name, r.History, Score: Score(r.Predicted, actual))).ToArray();
    SampleConsole.Table($"test rows ({test.Count} patients), target units", ["loss", "epochs (best)", "R²", "MAE", "RMSE"],
        scores.Select(s => (IReadOnlyList<string>)
        [
            s.Name, $"{s.History.Epochs.Count} ({(s.History.RestoredEpoch ?? s.History.LastEpoch) + 1})",
            SampleConsole.F($"{s.Score.R2:F4}"), SampleConsole.F($"{s.Score.Mae:F2}"), SampleConsole.F($"{s.Score.Rmse:F2}"),
        ]));
    SampleConsole.LastLine(SampleConsole.F($"test_r2_mse={scores[0].Score.R2:F4} test_r2_huber={scores[1].Score.R2:F4}"));
    return 0;
});

// R² through the library's metric (the same code Fit logs as r2_score), MAE and RMSE in the target's units.
static (double R2, double Mae, double Rmse) Score(float[] predicted, float[] actual)
{
    var p = new Tensor2D<float>(predicted.Length, 1);
    var t = new Tensor2D<float>(actual.Length, 1);
    predicted.CopyTo(p.Span);
    actual.CopyTo(t.Span);
    var r2 = new R2Score();
    r2.Update(p, t);
    var mae = new MeanAbsoluteErrorMetric();
    mae.Update(p, t);
    double mse = predicted.Zip(actual, (a, b) => (double)(a - b) * (a - b)).Average();
    return (r2.Result(), mae.Result(), Math.Sqrt(mse));
}
