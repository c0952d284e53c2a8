using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.PublicApi.Tests;

/// <summary>
/// Users can train data-parallel from outside: ranks as threads with <see cref="InProcessCollective"/>, and a metric
/// of their own that combines across ranks through its additive state.
/// </summary>
public class CustomDistributedMetricTests
{
    /// <summary>Mean of the first output: state (sum, count).</summary>
    private sealed class MeanFirstOutput : Metric
    {
        private double _sum;
        private double _count;

        public override string Name => "mean_first_output";

        public override int StateLength => 2;

        public override void Reset() => (_sum, _count) = (0, 0);

        public override void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
        {
            for (int r = 0; r < predictions.Rows; r++)
            {
                _sum += double.CreateTruncating(predictions[r, 0]);
            }

            _count += predictions.Rows;
        }

        public override double Result() => _sum / _count;

        public override void WriteState(Span<double> state) => (state[0], state[1]) = (_sum, _count);

        public override void ReadState(ReadOnlySpan<double> state) => (_sum, _count) = (state[0], state[1]);
    }

    [Fact]
    public void A_custom_metric_is_combined_over_two_in_process_ranks()
    {
        var data = Datasets.Digits();
        var ranks = InProcessCollective.Create(2);
        var results = ranks.AsParallel().WithDegreeOfParallelism(2).Select(rank =>
        {
            var model = new Sequential<float>(new Dense<float>(16, Activation.ReLU), new Dense<float>(10));
            var metric = new MeanFirstOutput();
            var history = model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), new FitOptions<float>
            {
                Epochs = 2, BatchSize = 64, Seed = 3, ValidationSplit = 0.25, Metrics = [metric], Distributed = rank,
            });
            var (_, validation) = data.Split(0.25, 3);
            return (history["val_mean_first_output"][^1], Whole: model.Evaluate(validation, metrics: [new MeanFirstOutput()]).Metrics["mean_first_output"]);
        }).ToArray();

        results[0].Item1.Should().Be(results[1].Item1);
        results[0].Item1.Should().BeApproximately(results[0].Whole, 1e-9, "the ranks' halves of the validation data, combined, are the whole of it");
    }

    [Fact]
    public void A_metric_without_additive_state_is_refused_in_distributed_training_with_a_message()
    {
        var ranks = InProcessCollective.Create(1);
        var model = new Sequential<float>(new Dense<float>(10));

        FluentActions.Invoking(() => model.Fit(Datasets.Digits(), new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(), new FitOptions<float>
        {
            Metrics = [new NoState()], Distributed = ranks[0],
        })).Should().Throw<InvalidOperationException>().WithMessage("*'no_state'*override StateLength, WriteState and ReadState*");
    }

    private sealed class NoState : Metric
    {
        public override string Name => "no_state";

        public override void Reset()
        {
        }

        public override void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
        {
        }

        public override double Result() => 0;
    }
}
