using Backprop.Activations;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using Backprop.Models;
using Backprop.Metrics;

namespace Backprop.Tests.Training;

public class FitBehaviourTests
{
    private static Dataset<double> Classes(int rows = 40, int seed = 1)
        => new(TestData.Random(rows, 4, seed), TestData.Labels(rows, 3, seed + 1));

    private static Sequential<double> Model(int outputs = 3) => new(new Dense<double>(6, Activation.ReLU), new Dense<double>(outputs));

    private static CategoricalCrossEntropy<double> Cce => new(fromLogits: true);

    private sealed class Recorder : Callback
    {
        public List<string> Events { get; } = [];

        public int Batches { get; private set; }

        public Action<TrainingContext>? AtBatchEnd { get; init; }

        public override void OnTrainBegin(TrainingContext context) => Events.Add("train_begin");

        public override void OnEpochBegin(TrainingContext context) => Events.Add($"epoch_begin {context.Epoch}");

        public override void OnBatchBegin(TrainingContext context) => Batches++;

        public override void OnBatchEnd(TrainingContext context) => AtBatchEnd?.Invoke(context);

        public override void OnEpochEnd(TrainingContext context) => Events.Add($"epoch_end {context.Epoch}");

        public override void OnTrainEnd(TrainingContext context) => Events.Add("train_end");
    }

    private sealed class SyncProgress : IProgress<EpochProgress>
    {
        public List<EpochProgress> Reports { get; } = [];

        public void Report(EpochProgress value) => Reports.Add(value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(1000)]
    public void Predict_in_batches_equals_one_forward_pass(int batchSize)
    {
        var data = Classes(45);
        var model = Model();
        model.Build(4, seed: 2);
        var single = model.Forward(data.Features, training: false).Clone();

        var batched = model.Predict(data.Features, batchSize);

        batched.Span.ToArray().Should().Equal(single.Span.ToArray());
    }

    [Fact]
    public void History_holds_one_log_per_epoch_with_loss_metrics_and_learning_rate()
    {
        var history = Model().Fit(Classes(), Cce, new Adam<double>(0.01), epochs: 4, batchSize: 8, seed: 1);

        history.Epochs.Should().HaveCount(4);
        history.LastEpoch.Should().Be(3);
        history.StopReason.Should().Be(StopReason.MaxEpochs);
        history.Epochs.Select(e => e.Epoch).Should().Equal(0, 1, 2, 3);
        history["loss"].Should().HaveCount(4).And.OnlyContain(v => double.IsFinite(v) && v > 0);
        history["accuracy"].Should().OnlyContain(v => v >= 0 && v <= 1);
        history["lr"].Should().AllBeEquivalentTo(0.01);
        history["val_loss"].Should().OnlyContain(v => double.IsNaN(v), "no validation data was given");
        history["loss"][^1].Should().BeLessThan(history["loss"][0]);
        history.Epochs[0].Contains("loss").Should().BeTrue();
        FluentActions.Invoking(() => history.Epochs[0]["val_accuracy"]).Should().Throw<KeyNotFoundException>()
            .WithMessage("*'val_accuracy'*epoch 0*logged: *loss*accuracy*");
    }

    [Fact]
    public void The_logged_training_loss_is_the_sample_weighted_mean_over_the_epochs_batches()
    {
        // Batches of 16, 16 and 8 rows: the epoch loss weights each batch's mean by its row count.
        var data = Classes();
        var losses = new List<(double Loss, int Rows)>();
        var recorder = new Recorder { AtBatchEnd = c => losses.Add((c.BatchLoss, c.Batch < 2 ? 16 : 8)) };

        var history = Model().Fit(data, Cce, new Sgd<double>(0.05), epochs: 1, batchSize: 16, seed: 2, callbacks: [recorder]);

        losses.Should().HaveCount(3);
        history.Epochs[0]["loss"].Should().BeApproximately(losses.Sum(l => l.Loss * l.Rows) / 40, 1e-12);
    }

    [Fact]
    public void Validation_data_is_logged_as_val_loss_and_val_accuracy()
    {
        var (train, validation) = Classes(60).Split(0.25, seed: 3);
        var model = Model();

        var history = model.Fit(train, Cce, new Adam<double>(0.01), epochs: 3, batchSize: 10, validationData: validation, seed: 4);

        var after = model.Evaluate(validation, Cce);
        history.Epochs[^1]["val_loss"].Should().Be(after.Loss);
        history.Epochs[^1]["val_accuracy"].Should().Be(after.Accuracy);
        history["val_loss"].Should().HaveCount(3).And.OnlyContain(v => double.IsFinite(v));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_validation_split_holds_out_the_seeded_subset(bool stratified)
    {
        // Fit with a split must equal Fit on the explicit parts that Split/SplitStratified give for the same seed.
        var data = Classes(60);
        var (train, validation) = stratified ? data.SplitStratified(0.2, seed: 5) : data.Split(0.2, seed: 5);
        var a = Model();
        var b = Model();

        var withSplit = a.Fit(data, Cce, new Sgd<double>(0.05), epochs: 2, batchSize: 8, validationSplit: 0.2, stratifyValidationSplit: stratified, seed: 5);
        var explicitParts = b.Fit(train, Cce, new Sgd<double>(0.05), epochs: 2, batchSize: 8, validationData: validation, seed: 5);

        withSplit["val_loss"].Should().Equal(explicitParts["val_loss"]);
        withSplit["val_accuracy"].Should().Equal(explicitParts["val_accuracy"]);
        withSplit["loss"].Should().Equal(explicitParts["loss"]);
        validation.Count.Should().Be(12);
    }

    [Fact]
    public void Progress_is_reported_once_per_epoch_with_that_epochs_logs()
    {
        var progress = new SyncProgress();

        var history = Model().Fit(Classes(), Cce, new Sgd<double>(0.05), epochs: 3, batchSize: 16, seed: 1, progress: progress);

        progress.Reports.Select(r => r.Epoch).Should().Equal(0, 1, 2);
        progress.Reports.Should().OnlyContain(r => r.Epochs == 3 && r.Elapsed >= TimeSpan.Zero);
        progress.Reports.Select(r => r.Logs).Should().Equal(history.Epochs);
    }

    [Fact]
    public void Callbacks_see_the_hooks_in_order()
    {
        var recorder = new Recorder();

        Model().Fit(Classes(), Cce, new Sgd<double>(0.05), epochs: 2, batchSize: 16, seed: 1, callbacks: [recorder]);

        recorder.Events.Should().Equal("train_begin", "epoch_begin 0", "epoch_end 0", "epoch_begin 1", "epoch_end 1", "train_end");
        recorder.Batches.Should().Be(6);
    }

    [Fact]
    public void Cancellation_stops_between_batches()
    {
        using var cts = new CancellationTokenSource();
        var recorder = new Recorder { AtBatchEnd = c => { if (c.Epoch == 1 && c.Batch == 1) { cts.Cancel(); } } };

        var history = Model().Fit(Classes(), Cce, new Sgd<double>(0.05), epochs: 10, batchSize: 8, seed: 1, callbacks: [recorder], cancellationToken: cts.Token);

        recorder.Batches.Should().Be(5 + 2, "epoch 0 runs its 5 batches, epoch 1 stops after its second");
        history.StopReason.Should().Be(StopReason.Cancelled);
        history.Epochs.Should().HaveCount(2);
        recorder.Events[^1].Should().Be("train_end");
    }

    [Fact]
    public void An_already_cancelled_token_trains_nothing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var model = Model();
        model.Build(4, seed: 1);
        var before = model.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();

        var history = model.Fit(Classes(), Cce, new Sgd<double>(0.05), epochs: 3, seed: 1, cancellationToken: cts.Token);

        history.Epochs.Should().BeEmpty();
        history.StopReason.Should().Be(StopReason.Cancelled);
        model.Parameters.SelectMany(p => p.Value.Span.ToArray()).Should().Equal(before);
    }

    [Fact]
    public void Evaluate_does_not_remember_fit_and_history_hands_back_its_metrics()
    {
        var data = new Dataset<double>(TestData.Random(30, 4, 1), TestData.Random(30, 2, 2));
        var model = Model(outputs: 2);
        var history = model.Fit(data, new MeanSquaredError<double>(), new Sgd<double>(0.05), new FitOptions<double> { Epochs = 2, Metrics = [new MeanAbsoluteErrorMetric()] });

        var defaults = model.Evaluate(data);
        var withHistory = model.Evaluate(data, new MeanSquaredError<double>(), history.Metrics);
        var explicitly = model.Evaluate(data, new MeanSquaredError<double>(), [new MeanAbsoluteErrorMetric()]);

        defaults.Loss.Should().Be(double.NaN, "the model does not learn its loss from a Fit call");
        defaults.Metrics.Should().BeEmpty("regression targets get no default metric");
        history.Metrics.Select(m => m.Name).Should().Equal("mae");
        withHistory.Loss.Should().Be(explicitly.Loss);
        withHistory.Metrics["mae"].Should().Be(explicitly.Metrics["mae"]);
    }

    [Fact]
    public void Evaluate_before_fit_reports_accuracy_for_class_labels_and_no_loss()
    {
        var model = Model();
        model.Build(4, seed: 1);

        var result = model.Evaluate(Classes());

        result.Loss.Should().Be(double.NaN);
        result.Metrics.Keys.Should().Equal("accuracy");
        result.Accuracy.Should().BeInRange(0, 1);
    }

    [Fact]
    public void Evaluate_before_fit_does_not_call_integer_regression_targets_class_labels()
    {
        // Diabetes-like targets (whole numbers 25..346) on a one-output model are regression values, not classes.
        var targets = new Tensor2D<double>(20, 1);
        for (int i = 0; i < 20; i++)
        {
            targets[i, 0] = 25 + (i * 16);
        }

        var model = Model(outputs: 1);
        model.Build(4, seed: 1);

        var result = model.Evaluate(new Dataset<double>(TestData.Random(20, 4, 3), targets), new MeanSquaredError<double>());

        result.Metrics.Should().BeEmpty();
        FluentActions.Invoking(() => result.Accuracy).Should().Throw<InvalidOperationException>().WithMessage("*Accuracy was not computed*");
    }

    [Fact]
    public void One_output_accuracy_comes_from_the_loss_so_logits_and_probabilities_get_their_own_threshold()
    {
        var features = TestData.Random(200, 4, 3);
        var model = Model(outputs: 1);
        model.Build(4, seed: 1);
        var logits = model.Predict(features);
        var labels = new Tensor2D<double>(200, 1);
        for (int i = 0; i < 200; i++)
        {
            labels[i, 0] = logits[i, 0] >= 0 ? 1 : 0; // exactly right for a logit read at threshold 0
        }

        var data = new Dataset<double>(features, labels);

        model.Evaluate(data).Metrics.Should().BeEmpty("without the loss a logit cannot be told from a probability");
        model.Evaluate(data, new BinaryCrossEntropy<double>(fromLogits: true)).Accuracy.Should().Be(1);
        model.Invoking(m => m.Evaluate(data, new BinaryCrossEntropy<double>())).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*takes probabilities in [0, 1]*", "logits are not probabilities: the probability form refuses them");

        // Probabilities (a sigmoid output) are read at 0.5 under the probability form, at 0 under the logit form.
        var sigmoid = new Sequential<double>(new Dense<double>(6, Activation.ReLU), new Dense<double>(1, Activation.Sigmoid));
        sigmoid.Build(4, seed: 1);
        var probabilities = sigmoid.Predict(features);
        var atHalf = new Tensor2D<double>(200, 1);
        for (int i = 0; i < 200; i++)
        {
            atHalf[i, 0] = probabilities[i, 0] >= 0.5 ? 1 : 0;
        }

        var probabilityData = new Dataset<double>(features, atHalf);
        double expectedAtZero = atHalf.Span.ToArray().Average(); // every probability is ≥ 0, so all read as class 1
        expectedAtZero.Should().BeLessThan(1, "the data must tell the two thresholds apart");
        sigmoid.Evaluate(probabilityData, new BinaryCrossEntropy<double>()).Accuracy.Should().Be(1);
        sigmoid.Evaluate(probabilityData, new BinaryCrossEntropy<double>(fromLogits: true)).Accuracy.Should().Be(expectedAtZero);
    }

    [Fact]
    public void A_squashed_output_with_a_loss_told_fromLogits_is_refused_before_training()
    {
        // Softmax twice trained on silently (digits: loss plateau 1.47 instead of 0.02).
        var data = new Dataset<double>(TestData.Random(20, 4, 1), Tensor2D<double>.FromArray(new double[20, 1]));
        var softmax = new Sequential<double>(new Dense<double>(6, Activation.ReLU), new Dense<double>(3, Activation.Softmax));
        var sigmoid = new Sequential<double>(new Dense<double>(6, Activation.ReLU), new Dense<double>(1), new ActivationLayer<double>(Activation.Sigmoid));
        var options = new FitOptions<double> { Epochs = 1, BatchSize = 5, Seed = 1 };

        softmax.Invoking(m => m.Fit(data, Cce, new Sgd<double>(0.1), options)).Should().Throw<ArgumentException>()
            .WithMessage("The model's last layer*ends in a softmax, but the loss categorical_crossentropy is told fromLogits: true*");
        sigmoid.Invoking(m => m.Fit(data, new BinaryCrossEntropy<double>(fromLogits: true), new Sgd<double>(0.1), options))
            .Should().Throw<ArgumentException>().WithMessage("*ends in a sigmoid*fromLogits: false*");
        softmax.IsBuilt.Should().BeFalse("nothing ran");

        softmax.Fit(data, new CategoricalCrossEntropy<double>(), new Sgd<double>(0.1), options).Epochs.Should().HaveCount(1);
        sigmoid.Fit(data, new BinaryCrossEntropy<double>(), new Sgd<double>(0.1), options).Epochs.Should().HaveCount(1);
    }

    [Fact]
    public void Fit_leaves_a_frozen_layer_untouched_and_trains_the_rest()
    {
        var model = Model();
        model.Build(4, seed: 1);
        foreach (var p in model.Layers[0].Parameters)
        {
            p.Trainable = false;
        }

        var frozenBefore = model.Layers[0].Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        var headBefore = model.Layers[1].Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();

        model.Fit(Classes(), Cce, new Adam<double>(0.01) { ClipNorm = 1.0 }, epochs: 2, batchSize: 8, seed: 1);

        model.Layers[0].Parameters.SelectMany(p => p.Value.Span.ToArray()).Should().Equal(frozenBefore);
        model.Layers[1].Parameters.SelectMany(p => p.Value.Span.ToArray()).Should().NotEqual(headBefore);
    }

    [Fact]
    public void Evaluate_loss_is_independent_of_the_batch_size()
    {
        var data = Classes(37);
        var model = Model();
        model.Build(4, seed: 1);

        double whole = model.Evaluate(data, Cce, batchSize: 100).Loss;

        model.Evaluate(data, Cce, batchSize: 5).Loss.Should().BeApproximately(whole, 1e-12);
    }
}

public class LayerNamingTests
{
    [Fact]
    public void Layer_and_parameter_names_are_unique_in_a_model()
    {
        var named = new Backprop.Layers.Dense<double>(3) { Name = "dense_1" };
        var model = new Sequential<double>(named, new Backprop.Layers.Dense<double>(3), new Backprop.Layers.Dense<double>(2), new Backprop.Layers.Dense<double>(2));
        model.Build(4);

        model.Layers.Select(l => l.Name).Should().Equal("dense_1", "dense", "dense_2", "dense_3");
        model.Parameters.Select(p => p.Name).Should().OnlyHaveUniqueItems();
    }
}
