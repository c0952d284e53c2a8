using Backprop.Data;

namespace Backprop.Tests.Data;

public class ScalerAndSplitTests
{
    private static readonly Tensor2D<double> Train = Tensor2D<double>.FromArray(new double[,] { { 1, 10, 5 }, { 3, 20, 5 }, { 5, 60, 5 } });

    [Fact]
    public void Standard_scaler_uses_training_mean_and_population_std_only()
    {
        var scaler = new StandardScaler<double>().Fit(Train);
        var scaled = scaler.Transform(Train);

        scaler.Offsets.Should().Equal(3, 30, 5);
        scaler.Scales[0].Should().BeApproximately(Math.Sqrt(8.0 / 3), 1e-12);
        scaler.Scales[2].Should().Be(1, "a constant feature is left unscaled instead of dividing by 0");
        Enumerable.Range(0, 3).Select(r => scaled[r, 1]).Sum().Should().BeApproximately(0, 1e-12);

        var test = Tensor2D<double>.FromArray(new double[,] { { 7, 30, 5 } });
        scaler.Transform(test)[0, 0].Should().BeApproximately(4 / Math.Sqrt(8.0 / 3), 1e-12, "test data is scaled with training statistics");
        scaler.InverseTransform(scaler.Transform(test)).Span.ToArray().Should().BeEquivalentTo(test.Span.ToArray(), o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-12)).WhenTypeIs<double>());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Fitting_a_scaler_on_a_non_finite_value_is_refused_naming_the_cell(double bad)
    {
        // The NaN became column 0's mean, and every row of that column transformed to NaN, silently.
        var x = Tensor2D<double>.FromArray(new double[,] { { 1, 10 }, { bad, 20 }, { 3, 30 } });

        new StandardScaler<double>().Invoking(s => s.Fit(x)).Should().Throw<ArgumentException>().WithMessage("*row 1, column 0 is*fill or drop*");
        new MinMaxScaler<double>().Invoking(s => s.Fit(x)).Should().Throw<ArgumentException>().WithMessage("*row 1, column 0*");
        new StandardScaler<double>().IsFitted.Should().BeFalse();
    }

    [Fact]
    public void MinMax_scaler_maps_the_training_range_onto_the_target_range()
    {
        var scaler = new MinMaxScaler<double>(-1, 1).Fit(Train);
        var scaled = scaler.Transform(Train);

        Enumerable.Range(0, 3).Select(r => scaled[r, 0]).Should().Equal(-1, 0, 1);
        Enumerable.Range(0, 3).Select(r => scaled[r, 1]).Should().Equal(-1, -0.6, 1);
        scaled[0, 2].Should().Be(-1);
        scaler.Transform(Tensor2D<double>.FromArray(new double[,] { { 9, 10, 5 } }))[0, 0].Should().Be(3, "no clipping outside the training range");
    }

    [Fact]
    public void Scalers_fail_clearly_before_fitting_and_on_width_mismatch()
    {
        ((Action)(() => new StandardScaler<double>().Transform(Train))).Should().Throw<InvalidOperationException>().WithMessage("*not fitted*");
        var fitted = new MinMaxScaler<double>().Fit(Train);
        ((Action)(() => fitted.Transform(new Tensor2D<double>(1, 2)))).Should().Throw<ArgumentException>().WithMessage("*3 features*2*");
    }

    [Fact]
    public void Scaling_a_dataset_keeps_targets_and_weights()
    {
        var data = new Dataset<double>(Train, Tensor2D<double>.FromArray(new double[,] { { 0 }, { 1 }, { 1 } }), [1.0, 2.0, 3.0]);
        var scaled = new StandardScaler<double>().Fit(data).Transform(data);
        scaled.Targets.Should().BeSameAs(data.Targets);
        scaled.SampleWeights!.Span.ToArray().Should().Equal(1, 2, 3);
    }

    [Fact]
    public void One_hot_round_trips_and_rejects_out_of_range_labels()
    {
        var encoded = OneHot.Encode<float>([2, 0, 1], 3);
        encoded.Span.ToArray().Should().Equal(0, 0, 1, 1, 0, 0, 0, 1, 0);
        OneHot.Decode(encoded).Should().Equal(2, 0, 1);
        ((Action)(() => OneHot.Encode<float>([3], 3))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*row 0 is 3*[0, 3)*");

        var data = Dataset<float>.From(new float[,] { { 1 }, { 2 } }, [1, 0]).WithOneHotTargets(4);
        data.Targets.Span.ToArray().Should().Equal(0, 1, 0, 0, 1, 0, 0, 0);
    }

    [Fact]
    public void Stratified_three_way_split_keeps_class_proportions_and_is_disjoint()
    {
        int[] labels = [.. Enumerable.Repeat(0, 60), .. Enumerable.Repeat(1, 30), .. Enumerable.Repeat(2, 10)];
        var (train, val, test) = Splitting.Stratified(labels, 0.2, 0.1, seed: 3);

        train.Concat(val).Concat(test).Order().Should().Equal(Enumerable.Range(0, 100));
        val.Count(i => labels[i] == 0).Should().Be(12);
        val.Count(i => labels[i] == 2).Should().Be(2);
        test.Count(i => labels[i] == 1).Should().Be(3);
        ((Action)(() => Splitting.Stratified(labels, 0.6, 0.5, 1))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*less than 1*");
    }

    [Fact]
    public void KFold_validation_parts_partition_the_data_and_stratified_folds_keep_proportions()
    {
        var folds = Splitting.KFold(23, 5, seed: 1);
        folds.SelectMany(f => f.Validation).Order().Should().Equal(Enumerable.Range(0, 23));
        folds.Select(f => f.Validation.Length).Should().OnlyContain(n => n == 4 || n == 5);
        folds.Should().AllSatisfy(f => f.Train.Intersect(f.Validation).Should().BeEmpty());

        int[] labels = [.. Enumerable.Repeat(0, 40), .. Enumerable.Repeat(1, 10)];
        var strat = Splitting.StratifiedKFold(labels, 5, seed: 1);
        strat.Should().AllSatisfy(f => f.Validation.Count(i => labels[i] == 1).Should().Be(2));
        strat.SelectMany(f => f.Validation).Order().Should().Equal(Enumerable.Range(0, 50));
        ((Action)(() => Splitting.KFold(3, 4, 0))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*'k'*[2, 3]*got 4*");
    }

    [Fact]
    public void Dataset_kfold_yields_k_train_validation_pairs()
    {
        var data = Datasets.Iris<float>();
        var folds = data.KFold(5, seed: 2, stratified: true).ToList();
        folds.Should().HaveCount(5);
        folds.Should().AllSatisfy(f => (f.Train.Count, f.Validation.Count).Should().Be((120, 30)));
        folds[0].Validation.ClassLabels().Count(l => l == 1).Should().Be(10);
    }
}
