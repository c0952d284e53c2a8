using Backprop.Activations;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>Data-parallel Fit with ranks as threads (<see cref="InProcessCollective"/>): the trainer's logic without MPI.</summary>
public class DistributedFitTests
{
    private static readonly Dataset<float> Digits = Datasets.Digits();

    private static Sequential<float> Model(double dropout = 0) => dropout > 0
        ? new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dropout<float>(dropout), new Dense<float>(10))
        : new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));

    private static float[] Weights(Sequential<float> model) => [.. model.Parameters.SelectMany(p => p.Value.Span.ToArray())];

    private static Dataset<float> First(int rows) => Digits.Subset([.. Enumerable.Range(0, rows)]);

    private static (Sequential<float> Model, History History) Train(Dataset<float> data, FitOptions<float> options, double dropout = 0, Optimizer<float>? optimizer = null)
    {
        var model = Model(dropout);
        var history = model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), optimizer ?? new Adam<float>(0.01), options);
        return (model, history);
    }

    [Fact]
    public void One_step_on_two_ranks_is_within_1e5_of_one_process_and_the_ranks_agree_bit_for_bit()
    {
        var data = First(64);
        var single = Weights(Train(data, new() { BatchSize = 64, Seed = 3 }).Model);

        var ranks = RankThreads.Run(2, c => Weights(Train(data, new() { BatchSize = 64, Seed = 3, Distributed = c }).Model));

        ranks[1].Should().Equal(ranks[0]);
        single.Zip(ranks[0], (a, b) => Math.Abs(a - b)).Max().Should().BeLessThan(1e-5f).And.BeGreaterThan(0, "the two ranks' sums run in another order, so some bits differ");
    }

    [Fact]
    public void Two_ranks_equal_one_process_that_adds_the_two_shards_gradients_in_rank_order()
    {
        var data = First(64);
        var ranks = RankThreads.Run(2, c => Weights(Train(data, new() { BatchSize = 64, Seed = 3, Shuffle = false, Distributed = c }, optimizer: new Sgd<float>(0.1)).Model));

        // By hand: each half of the batch forward and backward, gradients scaled by 1/2 and added in rank order, one step.
        var model = Model();
        model.Build(data.FeatureCount, 3);
        var loss = new CategoricalCrossEntropy<float>(fromLogits: true);
        var sum = model.Parameters.Select(p => new float[p.Length]).ToArray();
        foreach (var half in new[] { data.Subset([.. Enumerable.Range(0, 32)]), data.Subset([.. Enumerable.Range(32, 32)]) })
        {
            loss.Forward(model.Forward(half.Features, training: true), half.Targets);
            model.Backward(loss.Backward());
            for (int i = 0; i < sum.Length; i++)
            {
                var g = model.Parameters[i].Gradient.Span;
                for (int j = 0; j < g.Length; j++)
                {
                    sum[i][j] += g[j] * 0.5f;
                }

                g.Clear();
            }
        }

        for (int i = 0; i < sum.Length; i++)
        {
            sum[i].CopyTo(model.Parameters[i].Gradient.Span);
        }

        new Sgd<float>(0.1).Step(model.Parameters);
        ranks[0].Should().Equal(Weights(model));
        ranks[1].Should().Equal(Weights(model));
    }

    [Fact]
    public void Dropout_noise_is_keyed_by_the_global_row_so_one_step_matches_one_process()
    {
        var data = First(64);
        var single = Weights(Train(data, new() { BatchSize = 64, Seed = 5 }, dropout: 0.5).Model);
        var ranks = RankThreads.Run(2, c => Weights(Train(data, new() { BatchSize = 64, Seed = 5, Distributed = c }, dropout: 0.5).Model));

        single.Zip(ranks[0], (a, b) => Math.Abs(a - b)).Max().Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void Several_epochs_with_shuffle_dropout_and_validation_are_reproducible_and_logs_are_combined()
    {
        var options = (ICollective c) => new FitOptions<float> { Epochs = 3, BatchSize = 50, Seed = 9, ValidationSplit = 0.2, Distributed = c };
        var first = RankThreads.Run(2, c => Train(Digits, options(c), dropout: 0.2));
        var second = RankThreads.Run(2, c => Train(Digits, options(c), dropout: 0.2));

        Weights(first[0].Model).Should().Equal(Weights(first[1].Model));
        Weights(first[0].Model).Should().Equal(Weights(second[0].Model));
        first[1].History.Epochs.Should().HaveCount(3);
        foreach (var key in new[] { "loss", "accuracy", "val_loss", "val_accuracy" })
        {
            first[1].History[key].Should().Equal(first[0].History[key], key);
        }

        // The combined val_accuracy is that of the whole validation set under the final weights.
        var (_, validation) = Digits.Split(0.2, 9);
        first[0].History["val_accuracy"][^1].Should().Be(first[0].Model.Evaluate(validation).Accuracy);
        first[0].History["accuracy"][^1].Should().BeInRange(0.5, 1);
    }

    [Fact]
    public void A_last_batch_with_fewer_rows_than_ranks_trains_without_hanging()
    {
        var data = First(65); // batches of 32, 32 and 1: with 3 ranks, two have nothing to train in the last batch
        var ranks = RankThreads.Run(3, c => Train(data, new() { Epochs = 2, BatchSize = 32, Seed = 1, Distributed = c }, dropout: 0.3));

        Weights(ranks[1].Model).Should().Equal(Weights(ranks[0].Model));
        Weights(ranks[2].Model).Should().Equal(Weights(ranks[0].Model));
        ranks.Select(r => r.History["loss"][^1]).Distinct().Should().ContainSingle();
    }

    [Fact]
    public void Rank_0_decides_to_stop_and_every_rank_stops_with_it()
    {
        var ranks = RankThreads.Run(2, c => Train(First(200), new()
        {
            Epochs = 10, BatchSize = 20, Seed = 2, Distributed = c,
            Callbacks = [new StopAt(epoch: 2, batch: 3)],
        }));

        ranks.Should().OnlyContain(r => r.History.StopReason == StopReason.Callback && r.History.Epochs.Count == 3);
        Weights(ranks[1].Model).Should().Equal(Weights(ranks[0].Model));
    }

    [Fact]
    public void A_learning_rate_set_by_a_callback_on_rank_0_reaches_every_rank()
    {
        var ranks = RankThreads.Run(2, c =>
        {
            var optimizer = new Sgd<float>(0.1);
            Train(First(100), new() { Epochs = 3, BatchSize = 20, Seed = 2, Distributed = c, Callbacks = [new HalveRateAtEpochBegin()] }, optimizer: optimizer);
            return optimizer.LearningRate;
        });

        ranks.Should().Equal(0.1 / 8, 0.1 / 8);
    }

    [Fact]
    public void A_rank_that_throws_ends_every_rank_instead_of_leaving_them_waiting()
    {
        var outcomes = RankThreads.RunAll(2, c => Train(First(200), new()
        {
            Epochs = 5, BatchSize = 20, Seed = 2, Distributed = c,
            Metrics = [new ThrowingAccuracy(throwAfterUpdates: c.Rank == 1 ? 4 : int.MaxValue)],
        }));

        outcomes[1].Exception!.InnerException.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("planned failure");
        outcomes[0].Exception!.InnerException.Should().BeAssignableTo<OperationCanceledException>().Which.Message.Should().Contain("rank 1 aborted");
    }

    [Fact]
    public void Weights_changed_on_one_rank_only_are_caught_by_the_checksum_after_the_epoch()
    {
        var outcomes = RankThreads.RunAll(2, c => Train(First(100), new()
        {
            Epochs = 3, BatchSize = 20, Seed = 2, Distributed = c, Callbacks = [new NudgeWeightAtEpochEnd()],
        }));

        outcomes.Should().OnlyContain(t => t.IsFaulted);
        outcomes[0].Exception!.InnerException!.Message.Should().Contain("After epoch 0").And.Contain("drifted");
    }

    [Fact]
    public void Ranks_with_different_data_are_refused_before_training()
    {
        var outcomes = RankThreads.RunAll(2, c => Train(First(c.Rank == 0 ? 100 : 99), new() { BatchSize = 20, Distributed = c }));

        outcomes[0].Exception!.InnerException!.Message.Should().Contain("differ from rank 0 in their training data");
    }

    [Fact]
    public void Ranks_with_another_optimizer_or_class_weighting_are_refused_before_training()
    {
        // Both trained on silently and ended with identical weights (rank 0's update is the one applied everywhere).
        var optimizers = RankThreads.RunAll(2, c => Train(First(100), new() { BatchSize = 20, Distributed = c }, optimizer: c.Rank == 0 ? new Adam<float>(0.01) : new Sgd<float>(0.01)));
        optimizers[0].Exception!.InnerException!.Message.Should().Contain("differ from rank 0").And.Contain("loss or optimizer");

        var weights = RankThreads.RunAll(2, c =>
        {
            var model = new Sequential<float>(new Dense<float>(8, Activation.ReLU), new Dense<float>(10));
            var loss = new CategoricalCrossEntropy<float>(fromLogits: true, classWeights: c.Rank == 0 ? null : [.. Enumerable.Repeat(2.0, 10)]);
            return model.Fit(First(100), loss, new Adam<float>(0.01), new FitOptions<float> { BatchSize = 20, Distributed = c });
        });
        weights[0].Exception!.InnerException!.Message.Should().Contain("loss or optimizer");
    }

    [Fact]
    public void A_batch_smaller_than_the_rank_count_is_refused()
    {
        var outcomes = RankThreads.RunAll(3, c => Train(First(30), new() { BatchSize = 2, Distributed = c }));

        outcomes[0].Exception!.InnerException!.Message.Should().Contain("'BatchSize' must be at least the number of ranks (3)");
    }

    [Fact]
    public void BackupAndRestore_resumes_every_rank_from_rank_0s_checkpoint_exactly()
    {
        string dir = Path.Combine(Path.GetTempPath(), "backprop-dist-" + Guid.NewGuid().ToString("N"));
        try
        {
            var data = First(120);
            FitOptions<float> Options(ICollective c, int epochs, bool backup) => new()
            {
                Epochs = epochs, BatchSize = 24, Seed = 4, Distributed = c,
                Callbacks = backup ? [new BackupAndRestore(dir, deleteCheckpoint: false)] : [],
            };

            var straight = RankThreads.Run(2, c => Weights(Train(data, Options(c, 4, backup: false), dropout: 0.2).Model));
            RankThreads.Run(2, c => Train(data, Options(c, 2, backup: true), dropout: 0.2)); // "crashes" after epoch 2
            var resumed = RankThreads.Run(2, c => Train(data, Options(c, 4, backup: true), dropout: 0.2));

            resumed[0].History.Epochs.Should().HaveCount(4, "rank 0 restored the history of epochs 0 and 1 with the checkpoint");
            resumed[1].History.Epochs.Should().HaveCount(4, "rank 0 shares the restored history with every rank");
            foreach (var key in resumed[0].History.Epochs[0].Keys)
            {
                resumed[1].History[key].Should().Equal(resumed[0].History[key], key);
            }

            Weights(resumed[0].Model).Should().Equal(straight[0]);
            Weights(resumed[1].Model).Should().Equal(straight[0]);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void Parameter_and_activity_penalties_count_once_over_the_ranks_one_step_matches_one_process()
    {
        var data = First(64);
        Sequential<float> Penalized() => new(
            new Dense<float>(32, Activation.ReLU, kernelRegularizer: new Backprop.Regularization.L2(0.05), activityRegularizer: new Backprop.Regularization.L1(0.01)),
            new Dense<float>(10, kernelRegularizer: new Backprop.Regularization.L2(0.05)));
        float[] Run(ICollective? c)
        {
            var model = Penalized();
            var history = model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Sgd<float>(0.1), new FitOptions<float> { BatchSize = 64, Seed = 8, Distributed = c });
            history["penalty"][0].Should().BeGreaterThan(0);
            return Weights(model);
        }

        var single = Run(null);
        var ranks = RankThreads.Run(2, Run);

        single.Zip(ranks[0], (a, b) => Math.Abs(a - b)).Max().Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void Batch_normalization_running_statistics_are_rank_0s_after_every_epoch_so_the_ranks_stay_identical()
    {
        var ranks = RankThreads.Run(2, c =>
        {
            var model = new Sequential<float>(new Dense<float>(16), new BatchNormalization<float>(), new ActivationLayer<float>(Activation.ReLU), new Dense<float>(10));
            model.Fit(First(200), new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), new FitOptions<float> { Epochs = 3, BatchSize = 40, Seed = 6, Distributed = c });
            return Weights(model);
        });

        ranks[1].Should().Equal(ranks[0]);
    }

    [Fact]
    public void Rank_0s_cancellation_token_stops_every_rank_at_the_same_batch()
    {
        var ranks = RankThreads.Run(2, c =>
        {
            using var cancel = new CancellationTokenSource();
            var result = Train(First(200), new()
            {
                Epochs = 5, BatchSize = 20, Seed = 2, Distributed = c, CancellationToken = cancel.Token,
                Callbacks = [new CancelAt(cancel, epoch: 1, batch: 4)], // runs on rank 0 only: rank 1's token never fires
            });
            return (Weights(result.Model), result.History);
        });

        ranks.Should().OnlyContain(r => r.History.StopReason == StopReason.Cancelled);
        ranks[1].Item1.Should().Equal(ranks[0].Item1);
    }

    [Fact]
    public void Built_in_metrics_combine_by_adding_their_states()
    {
        var a = new Accuracy();
        var b = new Accuracy();
        a.Update(Tensor2D<float>.FromArray(new float[,] { { 1, 0 }, { 0, 1 } }), Tensor2D<float>.FromArray(new float[,] { { 0 }, { 0 } }));
        b.Update(Tensor2D<float>.FromArray(new float[,] { { 1, 0 } }), Tensor2D<float>.FromArray(new float[,] { { 0 } }));
        Span<double> sa = stackalloc double[2];
        Span<double> sb = stackalloc double[2];
        a.WriteState(sa);
        b.WriteState(sb);
        sa[0] += sb[0];
        sa[1] += sb[1];
        a.ReadState(sa);

        a.Result().Should().Be(2.0 / 3);
    }

    private sealed class StopAt(int epoch, int batch) : Callback
    {
        public override void OnBatchEnd(TrainingContext context)
        {
            if (context.Epoch == epoch && context.Batch == batch)
            {
                context.StopTraining(StopReason.Callback);
            }
        }
    }

    private sealed class CancelAt(CancellationTokenSource cancel, int epoch, int batch) : Callback
    {
        public override void OnBatchEnd(TrainingContext context)
        {
            if (context.Epoch == epoch && context.Batch == batch)
            {
                cancel.Cancel();
            }
        }
    }

    private sealed class HalveRateAtEpochBegin : Callback
    {
        public override void OnEpochBegin(TrainingContext context) => context.LearningRate /= 2;
    }

    private sealed class NudgeWeightAtEpochEnd : Callback
    {
        public override void OnEpochEnd(TrainingContext context)
            => ((Sequential<float>)context.Model).Parameters[0].Value.Span[0] += 1;
    }

    private sealed class ThrowingAccuracy(int throwAfterUpdates) : Metric
    {
        private readonly Accuracy _inner = new();
        private int _updates;

        public override string Name => "accuracy";

        public override int StateLength => 2;

        public override void Reset() => _inner.Reset();

        public override void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
        {
            if (++_updates > throwAfterUpdates)
            {
                throw new InvalidOperationException("planned failure on this rank");
            }

            _inner.Update(predictions, targets);
        }

        public override double Result() => _inner.Result();

        public override void WriteState(Span<double> state) => _inner.WriteState(state);

        public override void ReadState(ReadOnlySpan<double> state) => _inner.ReadState(state);
    }
}
