using Backprop.Training;
using Backprop.Models;
using Backprop.Metrics;

namespace Backprop.Tests.Metrics;

public class MetricTests
{
    private static Tensor2D<double> T(double[,] values) => Tensor2D<double>.FromArray(values);

    [Fact]
    public void Accuracy_compares_the_arg_max_with_sparse_labels()
    {
        var accuracy = new Accuracy();
        accuracy.Update(T(new double[,] { { 0.1, 0.7, 0.2 }, { 0.5, 0.3, 0.2 }, { 0.2, 0.3, 0.5 }, { 0.0, 0.0, 1.0 } }), T(new double[,] { { 1 }, { 0 }, { 1 }, { 2 } }));

        accuracy.Result().Should().Be(0.75);
    }

    [Fact]
    public void Accuracy_reads_one_hot_and_soft_targets_by_their_arg_max()
    {
        var accuracy = new Accuracy();
        accuracy.Update(T(new double[,] { { 2, 1 }, { 0, 3 }, { 1, 0 } }), T(new double[,] { { 1, 0 }, { 0.2, 0.8 }, { 0.3, 0.7 } }));

        accuracy.Result().Should().BeApproximately(2.0 / 3, 1e-15);
    }

    [Fact]
    public void Accuracy_accumulates_over_batches_until_reset()
    {
        var accuracy = new Accuracy();
        accuracy.Result().Should().Be(double.NaN);
        accuracy.Update(T(new double[,] { { 1, 0 } }), T(new double[,] { { 0 } }));
        accuracy.Update(T(new double[,] { { 1, 0 }, { 0, 1 } }), T(new double[,] { { 1 }, { 1 } }));

        accuracy.Result().Should().BeApproximately(2.0 / 3, 1e-15);
        accuracy.Reset();
        accuracy.Result().Should().Be(double.NaN);
    }

    [Theory]
    [InlineData(0.5, 0.75)]   // probabilities 0.5 | 0.7 | 0.2 | 0.49 → predicted 1, 1, 0, 0 vs targets 1, 1, 1, 0
    [InlineData(0.0, 0.75)]   // all ≥ 0 → predicted 1, 1, 1, 1 vs targets 1, 1, 1, 0
    [InlineData(0.6, 0.5)]    // predicted 0, 1, 0, 0
    public void Binary_accuracy_uses_the_threshold_on_the_prediction_and_one_half_on_the_target(double threshold, double expected)
    {
        var accuracy = new Accuracy(threshold);
        accuracy.Update(T(new double[,] { { 0.5 }, { 0.7 }, { 0.2 }, { 0.49 } }), T(new double[,] { { 1 }, { 1 }, { 1 }, { 0 } }));

        accuracy.Result().Should().Be(expected);
    }

    [Fact]
    public void Binary_accuracy_scores_each_output_of_a_multi_label_model()
    {
        // Keras binary_accuracy: mean over every element of [(p ≥ thr) == (t ≥ 0.5)]. Accuracy read these rows by their
        // arg-max and reported 0.5 where every one of the 6 decisions is right.
        var logits = T(new double[,] { { 1, -1, 2 }, { -0.5, 0.5, 0.2 } });
        var labels = T(new double[,] { { 1, 0, 1 }, { 0, 1, 1 } });
        var binary = new BinaryAccuracy(threshold: 0);
        binary.Update(logits, labels);
        binary.Result().Should().Be(1.0);
        binary.Name.Should().Be("binary_accuracy");

        binary.Update(T(new double[,] { { double.NaN, -3, 4 } }), T(new double[,] { { 1, 1, 1 } }));
        binary.Result().Should().Be(7.0 / 9, "NaN is wrong, −3 is on the wrong side of 0, 4 is right");
        binary.Invoking(b => b.Update(logits, T(new double[,] { { 1 }, { 0 } }))).Should().Throw<ArgumentException>().WithMessage("*element by element*");
    }

    [Fact]
    public void Binary_cross_entropy_logs_element_wise_accuracy_for_several_outputs()
    {
        var features = TestData.Random(40, 3, seed: 2);
        var model = new Sequential<double>(new Backprop.Layers.Dense<double>(4));
        model.Build(3, seed: 1);
        var outputs = model.Predict(features);
        var labels = new Tensor2D<double>(40, 4);
        for (int i = 0; i < labels.Length; i++)
        {
            labels.Span[i] = (outputs.Span[i] >= 0) == (i % 5 != 0) ? 1 : 0;   // every fifth decision wrong
        }

        var data = new Backprop.Data.Dataset<double>(features, labels);
        double expected = Enumerable.Range(0, labels.Length).Average(i => i % 5 != 0 ? 1.0 : 0.0);
        model.Evaluate(data, new Backprop.Losses.BinaryCrossEntropy<double>(fromLogits: true)).Accuracy.Should().Be(expected);
        var history = model.Fit(data, new Backprop.Losses.BinaryCrossEntropy<double>(fromLogits: true), new Backprop.Optimizers.Sgd<double>(0.0),
            new FitOptions<double> { Epochs = 1, BatchSize = 7, Seed = 1, Shuffle = false });
        history["accuracy"].Should().Equal(expected);
    }

    [Fact]
    public void Top_k_counts_a_hit_when_the_target_is_among_the_k_largest()
    {
        var top2 = new TopKAccuracy(2);
        top2.Update(
            T(new double[,] { { 0.5, 0.3, 0.2 }, { 0.5, 0.3, 0.2 }, { 0.1, 0.2, 0.7 } }),
            T(new double[,] { { 1 }, { 2 }, { 0 } }));

        top2.Result().Should().BeApproximately(1.0 / 3, 1e-15);
        top2.Name.Should().Be("top_2_accuracy");
    }

    [Fact]
    public void Top_k_counts_ties_against_the_target()
    {
        // Target 1 ties with classes 0 and 2 at 0.3; with k = 2 two other classes are "at least as good", so it misses.
        var top2 = new TopKAccuracy(2);
        top2.Update(T(new double[,] { { 0.3, 0.3, 0.3, 0.1 } }), T(new double[,] { { 1 } }));
        var top3 = new TopKAccuracy(3);
        top3.Update(T(new double[,] { { 0.3, 0.3, 0.3, 0.1 } }), T(new double[,] { { 1 } }));

        top2.Result().Should().Be(0);
        top3.Result().Should().Be(1);
    }

    [Fact]
    public void Top_1_equals_accuracy_without_ties()
    {
        var predictions = TestData.Random(50, 5, seed: 3);
        var labels = TestData.Labels(50, 5, seed: 4);
        var top1 = new TopKAccuracy(1);
        var accuracy = new Accuracy();
        top1.Update(predictions, labels);
        accuracy.Update(predictions, labels);

        top1.Result().Should().Be(accuracy.Result());
    }

    [Fact]
    public void Mae_averages_absolute_errors_over_all_elements()
    {
        var mae = new MeanAbsoluteErrorMetric();
        mae.Update(T(new double[,] { { 1, 2 }, { 3, 4 } }), T(new double[,] { { 1.5, 2 }, { 1, 5 } }));
        mae.Update(T(new double[,] { { 0, 0 } }), T(new double[,] { { -1, 0.5 } }));

        mae.Result().Should().BeApproximately((0.5 + 0 + 2 + 1 + 1 + 0.5) / 6, 1e-15);
        mae.HigherIsBetter.Should().BeFalse();
        mae.Name.Should().Be("mae");
    }

    [Fact]
    public void Mae_rejects_targets_of_another_width()
        => FluentActions.Invoking(() => new MeanAbsoluteErrorMetric().Update(new Tensor2D<double>(2, 2), new Tensor2D<double>(2, 1)))
            .Should().Throw<ArgumentException>().WithMessage("*2 columns*targets have 1*");

    [Fact]
    public void Top_k_rejects_k_below_one()
        => FluentActions.Invoking(() => new TopKAccuracy(0)).Should().Throw<ArgumentOutOfRangeException>();
}

public class MetricNaNAndFormattingTests
{
    [Fact]
    public void Nan_predictions_never_count_as_correct()
    {
        var nanRows = Tensor2D<double>.FromArray(new double[,] { { double.NaN, 0.1, 0.2 }, { 0.3, double.NaN, 0.1 } });
        var labels = Tensor2D<double>.FromArray(new double[,] { { 0 }, { 0 } });
        var accuracy = new Accuracy();
        var top2 = new TopKAccuracy(2);
        var binary = new Accuracy(0.5);

        accuracy.Update(nanRows, labels);
        top2.Update(nanRows, labels);
        binary.Update(Tensor2D<double>.FromArray(new double[,] { { double.NaN } }), Tensor2D<double>.FromArray(new double[,] { { 0 } }));

        accuracy.Result().Should().Be(0);
        top2.Result().Should().Be(0);
        binary.Result().Should().Be(0);
    }

    [Fact]
    public void Evaluation_results_print_with_the_invariant_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = comma;
            var model = new Sequential<double>(new Backprop.Layers.Dense<double>(2));
            model.Build(2, seed: 1);
            var data = Backprop.Data.Dataset<double>.From(new double[,] { { 0.5, 1 }, { 1, 0.25 } }, [0, 1]);

            string text = model.Evaluate(data, new Backprop.Losses.CategoricalCrossEntropy<double>(fromLogits: true)).ToString();

            text.Should().MatchRegex(@"^loss=\d\.\d+ accuracy=(0|0\.5|1)$");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
