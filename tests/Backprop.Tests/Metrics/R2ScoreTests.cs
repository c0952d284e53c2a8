using Backprop.Metrics;
using Backprop.Models;

namespace Backprop.Tests.Metrics;

public class R2ScoreTests
{
    private static Tensor2D<double> T(double[,] values) => Tensor2D<double>.FromArray(values);

    private static Tensor2D<double> Column(params double[] values)
    {
        var t = new Tensor2D<double>(values.Length, 1);
        values.CopyTo(t.Span);
        return t;
    }

    [Fact]
    public void Matches_scikit_learn_single_output_example()
    {
        // sklearn.metrics.r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.948…: SS_res 1.5, SS_tot 29.1875.
        var r2 = new R2Score();
        r2.Update(Column(2.5, 0.0, 2, 8), Column(3, -0.5, 2, 7));

        r2.Result().Should().BeApproximately(1 - (1.5 / 29.1875), 1e-15);
        r2.Name.Should().Be("r2_score");
        r2.HigherIsBetter.Should().BeTrue();
    }

    [Fact]
    public void Averages_the_columns_uniformly_like_scikit_learn_multi_output()
    {
        // sklearn: r2_score([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]]) = 0.936… (uniform_average).
        var r2 = new R2Score();
        r2.Update(T(new double[,] { { 0, 2 }, { -1, 2 }, { 8, -5 } }), T(new double[,] { { 0.5, 1 }, { -1, 1 }, { 7, -6 } }));

        double first = 1 - (1.25 / (((0.5 - 6.5 / 3) * (0.5 - 6.5 / 3)) + ((-1 - 6.5 / 3) * (-1 - 6.5 / 3)) + ((7 - 6.5 / 3) * (7 - 6.5 / 3))));
        double second = 1 - (3.0 / (((1 + 4.0 / 3) * (1 + 4.0 / 3) * 2) + ((-6 + 4.0 / 3) * (-6 + 4.0 / 3))));
        r2.Result().Should().BeApproximately((first + second) / 2, 1e-14);
        r2.Result().Should().BeApproximately(0.9368, 1e-4);
    }

    [Fact]
    public void Is_exact_over_all_batches_not_an_average_of_batch_scores()
    {
        var random = new Random(3);
        double[] y = Enumerable.Range(0, 50).Select(_ => random.NextDouble() * 10).ToArray();
        double[] p = y.Select(v => v + (random.NextDouble() - 0.5)).ToArray();
        double mean = y.Average();
        double expected = 1 - (y.Zip(p, (a, b) => (a - b) * (a - b)).Sum() / y.Sum(v => (v - mean) * (v - mean)));

        var batched = new R2Score();
        foreach (var (start, length) in new[] { (0, 1), (1, 3), (4, 20), (24, 26) })
        {
            batched.Update(Column(p[start..(start + length)]), Column(y[start..(start + length)]));
        }

        batched.Result().Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Stays_accurate_for_targets_with_a_large_mean()
    {
        // Σy² − (Σy)²/n would lose every digit here; the running mean and deviations do not.
        double[] y = [1, 2, 3, 4, 5];
        double[] p = [1.5, 2, 2.5, 4, 5.5];
        var near = new R2Score();
        near.Update(Column(p), Column(y));
        var far = new R2Score();
        far.Update(Column(p.Select(v => v + 1e9).ToArray()), Column(y.Select(v => v + 1e9).ToArray()));

        near.Result().Should().BeApproximately(1 - (0.75 / 10), 1e-15);
        far.Result().Should().BeApproximately(near.Result(), 1e-6);
    }

    [Fact]
    public void Constant_targets_score_one_when_exact_and_zero_otherwise()
    {
        var exact = new R2Score();
        exact.Update(Column(4, 4, 4), Column(4, 4, 4));
        var off = new R2Score();
        off.Update(Column(4, 5, 4), Column(4, 4, 4));

        exact.Result().Should().Be(1);
        off.Result().Should().Be(0);
    }

    [Fact]
    public void Predicting_the_mean_scores_zero_and_worse_is_negative()
    {
        var mean = new R2Score();
        mean.Update(Column(2, 2, 2), Column(1, 2, 3));
        var worse = new R2Score();
        worse.Update(Column(3, 2, 1), Column(1, 2, 3));

        mean.Result().Should().Be(0);
        worse.Result().Should().Be(-3);   // SS_res 8, SS_tot 2
    }

    [Fact]
    public void Is_NaN_before_any_update_and_after_reset()
    {
        var r2 = new R2Score();
        r2.Result().Should().Be(double.NaN);
        r2.Update(Column(1, 2), Column(1, 3));
        r2.Reset();

        r2.Result().Should().Be(double.NaN);
        r2.Update(T(new double[,] { { 1, 1 }, { 2, 2 } }), T(new double[,] { { 1, 1 }, { 2, 2 } }));
        r2.Result().Should().Be(1, "after Reset a batch with another column count starts afresh");
    }

    [Fact]
    public void Refuses_mismatched_shapes_and_a_changed_column_count()
    {
        var r2 = new R2Score();
        var shape = () => r2.Update(T(new double[,] { { 1, 2 } }), Column(1));
        shape.Should().Throw<ArgumentException>().WithMessage("r2_score: targets must have the predictions' shape [1, 2]; got [1, 1].*");

        r2.Update(Column(1, 2), Column(1, 2));
        var columns = () => r2.Update(T(new double[,] { { 1, 2 } }), T(new double[,] { { 1, 2 } }));
        columns.Should().Throw<ArgumentException>().WithMessage("r2_score: every batch must have 1 columns*got 2.*");
    }

    [Fact]
    public void Fit_logs_it_and_its_validation_twin()
    {
        var data = Backprop.Data.Dataset<double>.From(
            new double[,] { { 0 }, { 1 }, { 2 }, { 3 }, { 4 }, { 5 } }, new double[,] { { 1 }, { 3 }, { 5 }, { 7 }, { 9 }, { 11 } });
        var model = new Backprop.Models.Sequential<double>(new Backprop.Layers.Dense<double>(1));

        var history = model.Fit(data, new Backprop.Losses.MeanSquaredError<double>(), new Backprop.Optimizers.Adam<double>(0.1),
            epochs: 200, batchSize: 6, validationData: data, metrics: [new R2Score()], seed: 1);

        history["r2_score"][^1].Should().BeGreaterThan(0.99);
        history["val_r2_score"][^1].Should().BeGreaterThan(0.99);
        history["r2_score"][0].Should().BeLessThan(history["r2_score"][^1]);
    }
}
