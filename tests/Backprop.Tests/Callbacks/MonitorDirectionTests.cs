using Backprop.Callbacks;
using Backprop.Metrics;
using Backprop.Training;

namespace Backprop.Tests.Callbacks;

/// <summary>How <see cref="MonitorMode.Auto"/> is resolved, for both callbacks that monitor a value.</summary>
public class MonitorDirectionTests
{
    public static TheoryData<string> LossKeys => new()
    {
        LogKeys.Loss, LogKeys.DataLoss, LogKeys.Penalty, LogKeys.ValidationLoss, LogKeys.ValidationDataLoss, LogKeys.ValidationPenalty,
    };

    [Theory]
    [MemberData(nameof(LossKeys))]
    public void Loss_keys_are_minimised(string key)
    {
        var es = new EarlyStopping(key, patience: 1);
        var lr = new ReduceLROnPlateau(key, patience: 1);

        new ScriptedRun([1, 2], key, metrics: []).Fit(es, lr);

        es.Maximizes.Should().BeFalse();
        lr.Maximizes.Should().BeFalse();
        es.BestEpoch.Should().Be(0);
    }

    [Theory]
    [InlineData("accuracy", true)]
    [InlineData("val_accuracy", true)]
    [InlineData("mae", false)]
    [InlineData("val_mae", false)]
    [InlineData("top_2_accuracy", true)]
    public void Metric_keys_take_the_direction_of_the_metric_of_that_name(string key, bool maximize)
    {
        Metric[] metrics = [new Accuracy(), new MeanAbsoluteErrorMetric(), new TopKAccuracy(2)];
        var es = new EarlyStopping(key, patience: 1);
        var lr = new ReduceLROnPlateau(key, patience: 1);

        var h = new ScriptedRun([1, 2, 3], key, metrics).Fit(es, lr);

        es.Maximizes.Should().Be(maximize);
        lr.Maximizes.Should().Be(maximize);
        h.LastEpoch.Should().Be(maximize ? 2 : 1, "an increasing value improves only when maximised");
    }

    [Fact]
    public void A_metric_named_like_a_loss_decides_over_the_loss_rule()
    {
        var es = new EarlyStopping("val_penalty");
        new ScriptedRun([1, 2], "val_penalty", [new ScriptedMetric("penalty", higherIsBetter: true)]).Fit(es);
        es.Maximizes.Should().BeTrue();
    }

    [Fact]
    public void Names_are_not_guessed_a_key_that_is_neither_a_metric_nor_a_loss_throws_before_the_first_batch()
    {
        foreach (Callback callback in new Callback[] { new EarlyStopping("val_accuracy"), new ReduceLROnPlateau("val_accuracy") })
        {
            var batches = new BatchCounter();
            var act = () => new ScriptedRun([0.5, 0.6], "val_accuracy", metrics: [new MeanAbsoluteErrorMetric()]).Fit(batches, callback);

            act.Should().Throw<InvalidOperationException>()
                .WithMessage($"{callback.GetType().Name} monitors 'val_accuracy' with mode Auto*'accuracy'*metrics: mae*MonitorMode.Max*MonitorMode.Min*");
            batches.Count.Should().Be(0);
        }
    }

    [Fact]
    public void Explicit_modes_need_no_metric_and_are_known_at_construction()
    {
        var es = new EarlyStopping("custom", mode: MonitorMode.Max, patience: 1);
        var lr = new ReduceLROnPlateau("custom", mode: MonitorMode.Min, patience: 1);
        es.Maximizes.Should().BeTrue();
        lr.Maximizes.Should().BeFalse();

        var h = new ScriptedRun([1, 2, 1], "custom", metrics: []).Fit(es, lr);

        h.LastEpoch.Should().Be(2);
        es.BestEpoch.Should().Be(1);
    }

    [Fact]
    public void The_same_instance_resolves_auto_again_for_each_fit()
    {
        var es = new EarlyStopping("score");
        new ScriptedRun([1, 2], metrics: [new ScriptedMetric("score", higherIsBetter: true)]).Fit(es);
        es.Maximizes.Should().BeTrue();

        new ScriptedRun([1, 2]).Fit(es);
        es.Maximizes.Should().BeFalse();
    }

    private sealed class BatchCounter : Callback
    {
        public int Count { get; private set; }

        public override void OnBatchBegin(TrainingContext context) => Count++;
    }
}
