using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>Nothing silently wrong: each of these used to give a wrong answer without a word.</summary>
public class SilentFailureTests
{
    [Fact]
    public void A_diverging_run_stops_on_the_first_non_finite_loss_and_keeps_finite_weights()
    {
        var (model, data) = Diverging();

        var history = model.Fit(data, new MeanSquaredError<double>(), new Sgd<double>(50), epochs: 20, batchSize: 8, seed: 1);

        history.StopReason.Should().Be(StopReason.NaN);
        history.NonFiniteLossAt.Should().NotBeNull();
        history.NonFiniteLossAt!.Value.Epoch.Should().Be(history.LastEpoch);
        model.Parameters.SelectMany(p => p.Value.Span.ToArray()).Should().OnlyContain(v => double.IsFinite(v));
        model.Predict(data.Features).Span.ToArray().Should().OnlyContain(v => double.IsFinite(v));
    }

    [Fact]
    public void The_stop_can_be_turned_off_and_the_run_then_diverges_as_in_keras()
    {
        var (model, data) = Diverging();

        var history = model.Fit(data, new MeanSquaredError<double>(), new Sgd<double>(50), new FitOptions<double> { Epochs = 20, BatchSize = 8, Seed = 1, StopOnNonFiniteLoss = false });

        history.StopReason.Should().Be(StopReason.MaxEpochs);
        history.NonFiniteLossAt.Should().BeNull();
        model.Parameters.SelectMany(p => p.Value.Span.ToArray()).Should().Contain(v => !double.IsFinite(v));
    }

    [Fact]
    public void A_layer_cannot_join_a_second_model()
    {
        var shared = new Dense<float>(4) { Name = "shared_dense" };
        _ = new Sequential<float>(shared);

        FluentActions.Invoking(() => new Sequential<float>(shared))
            .Should().Throw<ArgumentException>().WithMessage("*Layer 'shared_dense' already belongs to another model*");
    }

    [Fact]
    public void Predicting_or_evaluating_with_a_never_built_model_is_an_error_not_random_numbers()
    {
        var model = new Sequential<double>(new Dense<double>(3), new Dropout<double>(0.5));
        var x = TestData.Random(4, 2, 1);

        model.Invoking(m => m.Predict(x)).Should().Throw<InvalidOperationException>().WithMessage("*not built*random*");
        model.Invoking(m => m.PredictClasses(x)).Should().Throw<InvalidOperationException>().WithMessage("*not built*");
        model.Invoking(m => m.Evaluate(new Dataset<double>(x, TestData.Labels(4, 3, 2)))).Should().Throw<InvalidOperationException>().WithMessage("*not built*");
        model.Invoking(m => m.PredictMonteCarlo(x, 3)).Should().Throw<InvalidOperationException>().WithMessage("*not built*");
    }

    [Fact]
    public void Nan_written_into_a_dataset_after_it_was_created_is_caught_by_fit_and_evaluate()
    {
        var data = new Dataset<double>(TestData.Random(20, 3, 1), TestData.Labels(20, 2, 2));
        var model = new Sequential<double>(new Dense<double>(2));
        model.Fit(data, new CategoricalCrossEntropy<double>(fromLogits: true), new Adam<double>(0.01), epochs: 1);

        data.Features[13, 2] = double.NaN;

        model.Invoking(m => m.Fit(data, new CategoricalCrossEntropy<double>(fromLogits: true), new Adam<double>(0.01), epochs: 1))
            .Should().Throw<ArgumentException>().WithMessage("*training features contain NaN at row 13, column 2*written afterwards*");
        model.Invoking(m => m.Evaluate(data))
            .Should().Throw<ArgumentException>().WithMessage("*evaluation features contain NaN at row 13, column 2*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(99)]
    public void The_finite_scan_finds_nan_and_infinity_anywhere(int position)
    {
        var values = new float[100];
        Numeric<float>.FirstNonFinite(values).Should().Be(-1);
        values[position] = float.NegativeInfinity;
        Numeric<float>.FirstNonFinite(values).Should().Be(position);
        values[position] = float.NaN;
        Numeric<float>.FirstNonFinite(values).Should().Be(position);
        Numeric<double>.FirstNonFinite(values.Select(v => (double)v).ToArray()).Should().Be(position);
    }

    private static (Sequential<double> Model, Dataset<double> Data) Diverging()
    {
        var data = new Dataset<double>(TestData.Random(64, 4, 3, scale: 10), TestData.Random(64, 1, 4, scale: 10));
        var model = new Sequential<double>(new Dense<double>(16, Activation.Tanh), new Dense<double>(1));
        model.Build(4, seed: 2);
        return (model, data);
    }
}
