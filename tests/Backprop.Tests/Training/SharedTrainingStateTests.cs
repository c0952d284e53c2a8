using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>
/// A loss, optimizer or metric shared by two Fits running at once corrupted both silently (NaN losses, a doubled step
/// count, mixed accuracy counts): the second Fit now throws before training, and Evaluate on another thread refuses a
/// loss or metric a Fit is using.
/// </summary>
public class SharedTrainingStateTests
{
    private static readonly Dataset<double> Data = new(TestData.Random(32, 4, seed: 1), Tensor2D<double>.FromArray(new double[32, 1]));

    [Fact]
    public async Task A_second_concurrent_Fit_sharing_the_loss_optimizer_or_a_metric_throws_naming_it()
    {
        var loss = new CategoricalCrossEntropy<double>(fromLogits: true);
        var optimizer = new Adam<double>(0.01);
        var metric = new Accuracy();
        using var gate = new Gate();
        var first = Task.Run(() => Model().Fit(Data, loss, optimizer, Options([gate], [metric])));
        gate.Reached.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();

        Action sharedLoss = () => Model().Fit(Data, loss, new Adam<double>(0.01), Options([], null));
        Action sharedOptimizer = () => Model().Fit(Data, new CategoricalCrossEntropy<double>(fromLogits: true), optimizer, Options([], null));
        Action sharedMetric = () => Model().Fit(Data, new CategoricalCrossEntropy<double>(fromLogits: true), new Adam<double>(0.01), Options([], [metric]));
        Action evaluate = () => Model().Evaluate(Data, loss);
        sharedLoss.Should().Throw<InvalidOperationException>().WithMessage("The loss categorical_crossentropy is in use by a Fit running on another thread*own*loss, optimizer and metrics*");
        sharedOptimizer.Should().Throw<InvalidOperationException>().WithMessage("The optimizer Adam is in use*");
        sharedMetric.Should().Throw<InvalidOperationException>().WithMessage("The metric 'accuracy' is in use*");
        evaluate.Should().Throw<InvalidOperationException>().WithMessage("The loss categorical_crossentropy is in use*");

        gate.Release.Set();
        (await first).Epochs.Should().HaveCount(2, "the first Fit was not disturbed");

        // Released when the Fit returns: the same objects train another model.
        Model().Fit(Data, loss, optimizer, Options([], [metric])).Epochs.Should().HaveCount(2);
    }

    private static Sequential<double> Model()
    {
        var model = new Sequential<double>(new Dense<double>(4, Activation.ReLU), new Dense<double>(3));
        model.Build(4, seed: 2);
        return model;
    }

    private static FitOptions<double> Options(Callback[] callbacks, Metric[]? metrics)
        => new() { Epochs = 2, BatchSize = 8, Seed = 1, Callbacks = callbacks, Metrics = metrics };

    /// <summary>Holds the Fit at its first batch until released.</summary>
    private sealed class Gate : Callback, IDisposable
    {
        public ManualResetEventSlim Reached { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public override void OnBatchBegin(TrainingContext context)
        {
            if (!Reached.IsSet)
            {
                Reached.Set();
                Release.Wait(TimeSpan.FromSeconds(30));
            }
        }

        public void Dispose()
        {
            Reached.Dispose();
            Release.Dispose();
        }
    }
}
