using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Models;

namespace Backprop.Tests.Data;

public class SampleWeightTests
{
    private static Dataset<double> Data(int rows = 6)
        => new(TestData.Random(rows, 3, seed: 1), TestData.Labels(rows, 3, seed: 2));

    private static Sequential<double> Model() => new(new Dense<double>(4, Activation.Tanh), new Dense<double>(3));

    [Fact]
    public void Fit_passes_each_batchs_weights_to_the_loss()
    {
        // One full batch, no shuffle: the logged loss is the loss of the initial model under the weights.
        var data = Data();
        double[] weights = [0, 1, 2, 0.5, 3, 1];
        var lossFn = new CategoricalCrossEntropy<double>(fromLogits: true);
        var reference = Model();
        reference.Build(3, seed: 5);
        double expected = lossFn.Forward(reference.Predict(data.Features), data.Targets, weights);
        double unweighted = lossFn.Forward(reference.Predict(data.Features), data.Targets);

        var history = Model().Fit(data.WithSampleWeights(weights), lossFn, new Sgd<double>(0.1), epochs: 1, batchSize: 6, shuffle: false, seed: 5);

        history.Epochs[0]["loss"].Should().BeApproximately(expected, 1e-12);
        expected.Should().NotBeApproximately(unweighted, 1e-6, "the weights must matter for this check to mean anything");
    }

    [Fact]
    public void Weights_follow_their_rows_through_shuffled_batches()
    {
        // Zero weights on rows 0..2 make those rows irrelevant: training on the weighted set equals training where
        // rows 0..2 carry arbitrary other targets, for every shuffle and batch split.
        var data = Data();
        var altered = data.Targets.Clone();
        for (int r = 0; r < 3; r++)
        {
            altered[r, 0] = (altered[r, 0] + 1) % 3;
        }

        double[] weights = [0, 0, 0, 1, 1, 1];
        double[] Train(Tensor2D<double> targets)
        {
            var model = Model();
            model.Fit(new Dataset<double>(data.Features, targets, weights), new CategoricalCrossEntropy<double>(fromLogits: true), new Sgd<double>(0.1),
                epochs: 3, batchSize: 4, seed: 9);
            return model.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        }

        Train(altered).Should().Equal(Train(data.Targets));
    }

    [Fact]
    public void Evaluate_uses_the_dataset_weights()
    {
        var data = Data(10);
        double[] weights = [1, 2, 3, 4, 5, 0, 0, 1, 1, 1];
        var model = Model();
        model.Build(3, seed: 3);
        var lossFn = new MeanSquaredError<double>();
        var targets = TestData.Random(10, 3, seed: 4);
        var weighted = new Dataset<double>(data.Features, targets, weights);
        double expected = lossFn.Forward(model.Predict(data.Features), targets, weights);

        model.Evaluate(weighted, lossFn, batchSize: 3).Loss.Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Subsets_and_splits_keep_the_weights_of_their_rows()
    {
        var data = Data(10).WithSampleWeights([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

        var subset = data.Subset([7, 2, 2]);
        var (train, test) = data.Split(0.3, seed: 1);

        subset.SampleWeights!.Span.ToArray().Should().Equal(7, 2, 2);
        (train.Count + test.Count).Should().Be(10);
        for (int i = 0; i < test.Count; i++)
        {
            int source = (int)test.SampleWeights![i, 0];
            test.Features.Row(i).ToArray().Should().Equal(data.Features.Row(source).ToArray());
        }
    }

    [Fact]
    public void Datasets_without_weights_report_none()
        => Data().SampleWeights.Should().BeNull();

    [Theory]
    [InlineData(-1.0, "*row 2*-1*finite and ≥ 0*")]
    [InlineData(double.NaN, "*row 2*NaN*")]
    [InlineData(double.PositiveInfinity, "*row 2*Infinity*")]
    public void Invalid_weights_throw_naming_the_row_and_value(double bad, string message)
    {
        double[] weights = [1, 1, bad, 1, 1, 1];

        FluentActions.Invoking(() => Data().WithSampleWeights(weights)).Should().Throw<ArgumentOutOfRangeException>().WithMessage(message);
        FluentActions.Invoking(() => new Dataset<double>(Data().Features, Data().Targets, weights)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new MeanSquaredError<double>().Forward(TestData.Random(6, 1, 1), TestData.Random(6, 1, 2), weights))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*mean_squared_error*row 2*");
    }

    [Fact]
    public void A_wrong_number_of_weights_throws_with_both_counts()
        => FluentActions.Invoking(() => Data().WithSampleWeights([1.0, 2.0]))
            .Should().Throw<ArgumentException>().WithMessage("*2 sample weights*6 samples*");
}
