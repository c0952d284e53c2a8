using Backprop.Activations;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Plotting.Tests;

/// <summary>Real histories from tiny, seeded Fit runs (History has no public constructor, on purpose).</summary>
internal static class Histories
{
    private static readonly float[,] X = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0.5f, 0.2f }, { 0.2f, 0.9f } };
    private static readonly int[] Labels = [0, 1, 1, 0, 1, 1];

    /// <summary>A classifier's history: loss, accuracy and their val_ twins, lr, data_loss, penalty.</summary>
    public static History Classifier(int epochs = 5, params Callback[] callbacks)
    {
        var model = new Sequential<float>(new Dense<float>(4, Activation.Tanh), new Dense<float>(2));
        var data = Dataset<float>.From(X, Labels);
        return model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), new FitOptions<float>
        {
            Epochs = epochs,
            BatchSize = 2,
            Seed = 1,
            ValidationData = data,
            Callbacks = callbacks,
        });
    }

    /// <summary>A history with no epoch: a callback stops Fit before the first one.</summary>
    public static History Empty() => Classifier(epochs: 3, new StopAtStart());

    /// <summary>A history where a callback logs <c>custom</c> as <paramref name="value"/> each epoch.</summary>
    public static History WithCustom(double value) => Classifier(epochs: 3, new LogCustom(value));

    /// <summary>A history whose weights were restored from its best epoch.</summary>
    public static History Restored() => Classifier(epochs: 6, new EarlyStopping(monitor: "val_loss", patience: 10, restoreBestWeights: true));

    private sealed class StopAtStart : Callback
    {
        public override void OnTrainBegin(TrainingContext context) => context.StopTraining(StopReason.Callback);
    }

    private sealed class LogCustom(double value) : Callback
    {
        public override void OnEpochEnd(TrainingContext context) => context.Logs["custom"] = value;
    }
}
