using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>FitOptions.InitialEpoch (Keras' initial_epoch): epochs InitialEpoch..Epochs−1 run, with those epochs' indices.</summary>
public class InitialEpochTests
{
    [Fact]
    public void Training_starts_at_the_initial_epoch_and_schedules_see_its_index()
    {
        var model = new Sequential<double>(new Dense<double>(2));
        var data = new Dataset<double>(TestData.Random(16, 3, seed: 4), TestData.Random(16, 2, seed: 5));
        var scheduler = new LearningRateScheduler(new StepDecay(0.1, 0.5, stepSize: 1));
        var seen = new List<int>();

        var history = model.Fit(data, new MeanSquaredError<double>(), new Sgd<double>(0.1), new FitOptions<double>
        {
            Epochs = 5,
            InitialEpoch = 3,
            BatchSize = 4,
            Callbacks = [scheduler, new Probe(seen)],
        });

        seen.Should().Equal(3, 4);
        history.Epochs.Select(e => e.Epoch).Should().Equal(3, 4);
        history.LastEpoch.Should().Be(4, "the last epoch that ran, not the count of epochs logged minus one (it said 1)");
        history["lr"].Should().Equal(0.1 * 0.125, 0.1 * 0.0625);
    }

    [Fact]
    public void Stratifying_a_validation_split_that_is_not_there_is_refused()
    {
        // It was silently accepted and did nothing.
        var model = new Sequential<double>(new Dense<double>(2));
        var data = new Dataset<double>(TestData.Random(16, 3, seed: 4), TestData.Random(16, 2, seed: 5));
        FluentActions.Invoking(() => model.Fit(data, new MeanSquaredError<double>(), new Sgd<double>(), new FitOptions<double> { StratifyValidationSplit = true }))
            .Should().Throw<ArgumentException>().WithMessage("*'StratifyValidationSplit'*no ValidationSplit*");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void An_initial_epoch_outside_zero_to_epochs_is_refused(int initialEpoch)
    {
        var model = new Sequential<double>(new Dense<double>(2));
        var data = new Dataset<double>(TestData.Random(16, 3, seed: 4), TestData.Random(16, 2, seed: 5));
        FluentActions.Invoking(() => model.Fit(data, new MeanSquaredError<double>(), new Sgd<double>(), epochs: 5, initialEpoch: initialEpoch))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*'InitialEpoch' must be in [0, Epochs) = [0, 5)*");
    }

    private sealed class Probe(List<int> seen) : Callback
    {
        public override void OnEpochBegin(TrainingContext context) => seen.Add(context.Epoch);
    }
}
