using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Regularization;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.Tests.Training;

public class LossLedgerTests
{
    private static Dataset<double> Data(int rows, int seed)
    {
        var x = TestData.Random(rows, 4, seed);
        var y = TestData.Labels(rows, 3, seed + 100);
        return new Dataset<double>(x, y);
    }

    [Fact]
    public void Training_and_validation_log_data_loss_penalty_and_total_separately()
    {
        var dense = new Dense<double>(3, kernelRegularizer: new L2(0.05));
        var model = new Sequential<double>(new Dense<double>(6, Activation.Tanh, kernelRegularizer: new L1(0.01), activityRegularizer: new L2(0.01)), dense);
        var val = Data(20, 2);
        var loss = new CategoricalCrossEntropy<double>(fromLogits: true);
        var history = model.Fit(Data(40, 1), loss, new Adam<double>(0.01), epochs: 3, batchSize: 8, validationData: val, seed: 3);

        foreach (var e in history.Epochs)
        {
            e[LogKeys.Penalty].Should().BeGreaterThan(0);
            e[LogKeys.Loss].Should().BeApproximately(e[LogKeys.DataLoss] + e[LogKeys.Penalty], 1e-12);
            e[LogKeys.ValidationLoss].Should().BeApproximately(e[LogKeys.ValidationDataLoss] + e[LogKeys.ValidationPenalty], 1e-12);
        }

        var last = history.Epochs[^1];
        last[LogKeys.ValidationDataLoss].Should().BeApproximately(model.Evaluate(val, loss).Loss, 1e-12);
        double weightPenalty = new L1(0.01).Penalty<double>(model.Parameters[0].Value.Span) + new L2(0.05).Penalty<double>(dense.Kernel.Value.Span);
        last[LogKeys.ValidationPenalty].Should().BeApproximately(weightPenalty, 1e-12);
    }

    [Fact]
    public void Without_regularizers_the_penalty_is_zero_and_loss_equals_data_loss()
    {
        var model = new Sequential<double>(new Dense<double>(3));
        var history = model.Fit(Data(30, 1), new CategoricalCrossEntropy<double>(fromLogits: true), new Sgd<double>(0.1), epochs: 2, validationSplit: 0.2, seed: 1);
        foreach (var e in history.Epochs)
        {
            e[LogKeys.Penalty].Should().Be(0);
            e[LogKeys.Loss].Should().Be(e[LogKeys.DataLoss]);
            e[LogKeys.ValidationLoss].Should().Be(e[LogKeys.ValidationDataLoss]);
        }
    }

    [Fact]
    public void Evaluate_and_predict_ignore_regularizers()
    {
        var plain = new Sequential<double>(new Dense<double>(3));
        var regularized = new Sequential<double>(new Dense<double>(3, kernelRegularizer: new L2(10), activityRegularizer: new L1(10)));
        plain.Build(4, seed: 5);
        regularized.Build(4, seed: 5);
        var data = Data(10, 7);
        var loss = new CategoricalCrossEntropy<double>(fromLogits: true);

        regularized.Evaluate(data, loss).Loss.Should().Be(plain.Evaluate(data, loss).Loss);
        regularized.Predict(data.Features).Span.ToArray().Should().Equal(plain.Predict(data.Features).Span.ToArray());
    }

    [Fact]
    public void Batch_hooks_see_the_split_batch_loss()
    {
        var probe = new BatchProbe();
        var model = new Sequential<double>(new Dense<double>(3, kernelRegularizer: new L2(0.1)));
        model.Fit(Data(16, 1), new CategoricalCrossEntropy<double>(fromLogits: true), new Sgd<double>(0.1), epochs: 1, batchSize: 8, callbacks: [probe]);
        probe.Seen.Should().HaveCount(2);
        probe.Seen.Should().OnlyContain(s => s.Penalty > 0 && Math.Abs(s.Total - (s.Data + s.Penalty)) < 1e-12);
    }

    private sealed class BatchProbe : Backprop.Training.Callback
    {
        public List<(double Total, double Data, double Penalty)> Seen { get; } = [];

        public override void OnBatchEnd(TrainingContext context) => Seen.Add((context.BatchLoss, context.BatchDataLoss, context.BatchPenalty));
    }
}
