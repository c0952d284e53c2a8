using Backprop;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;
using FluentAssertions;
using Xunit;

namespace Backprop.PublicApi.Tests;

/// <summary>A user's callback keeps its state (a count, a running value and a copy of the weights) across a BackupAndRestore resume.</summary>
public class CustomCallbackStateTests
{
    /// <summary>Counts batches, tracks the largest epoch loss and keeps the weights of the epoch that had it.</summary>
    private sealed class WorstEpoch : Callback
    {
        public long Batches { get; private set; }

        public double Worst { get; private set; } = double.NegativeInfinity;

        public WeightsSnapshot? WorstWeights { get; private set; }

        public override void OnTrainBegin(TrainingContext context) => (Batches, Worst, WorstWeights) = (0, double.NegativeInfinity, null);

        public override void OnBatchEnd(TrainingContext context) => Batches++;

        public override void OnEpochEnd(TrainingContext context)
        {
            if (context.Logs["loss"] > Worst)
            {
                Worst = context.Logs["loss"];
                WorstWeights = context.Model.CaptureWeights();
            }
        }

        public override void SaveState(CallbackState state)
        {
            state.Set("batches", Batches);
            state.Set("worst", Worst);
            state.SetWeights("worst_weights", WorstWeights);
        }

        public override void LoadState(CallbackState state, TrainingContext context)
            => (Batches, Worst, WorstWeights) = (state.GetInt64("batches"), state.GetDouble("worst"), state.GetWeights("worst_weights"));
    }

    private sealed class Crash : Callback
    {
        public override void OnEpochBegin(TrainingContext context)
        {
            if (context.Epoch == 3)
            {
                throw new TimeoutException("simulated crash");
            }
        }
    }

    [Fact]
    public void A_custom_callback_resumes_with_its_state()
    {
        string root = Directory.CreateTempSubdirectory("backprop-public-resume").FullName;
        string folder = Path.Combine(root, "backup");
        try
        {
            var data = Data();
            var reference = new WorstEpoch();
            var referenceModel = Model();
            referenceModel.Fit(data, new MeanSquaredError<double>(), new Adam<double>(0.01), epochs: 6, batchSize: 4, seed: 1, callbacks: [reference]);

            var first = new WorstEpoch();
            FluentActions.Invoking(() => Model().Fit(data, new MeanSquaredError<double>(), new Adam<double>(0.01), epochs: 6, batchSize: 4, seed: 1, callbacks: [first, new BackupAndRestore(folder), new Crash()]))
                .Should().Throw<TimeoutException>();
            var resumed = new WorstEpoch();
            var model = Model();
            model.Fit(data, new MeanSquaredError<double>(), new Adam<double>(0.01), epochs: 6, batchSize: 4, seed: 1, callbacks: [resumed, new BackupAndRestore(folder)]);

            Directory.Exists(folder).Should().BeFalse("the finished Fit deleted the backup and its folder");
            (resumed.Batches, resumed.Worst).Should().Be((reference.Batches, reference.Worst));
            model.RestoreWeights(resumed.WorstWeights!);
            referenceModel.RestoreWeights(reference.WorstWeights!);
            model.Parameters.SelectMany(p => p.Value.Span.ToArray()).Should().Equal(referenceModel.Parameters.SelectMany(p => p.Value.Span.ToArray()));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Sequential<double> Model() => new(new Dense<double>(3));

    private static Dataset<double> Data()
    {
        var rng = new Random(3);
        var x = new Tensor2D<double>(16, 2);
        var y = new Tensor2D<double>(16, 3);
        for (int i = 0; i < x.Length; i++)
        {
            x.Span[i] = rng.NextDouble();
        }

        for (int i = 0; i < y.Length; i++)
        {
            y.Span[i] = rng.NextDouble();
        }

        return new Dataset<double>(x, y);
    }
}
