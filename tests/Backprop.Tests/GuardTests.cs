using Backprop.Data;
using Backprop.Losses;

namespace Backprop.Tests;

/// <summary>Pins each rule of <see cref="Guard"/>: what passes, what fails, and that the message names the parameter and the value.</summary>
public class GuardTests
{
    private enum Colour
    {
        Red,
        Green,
    }

    // ---- real numbers ----

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(1.0)]
    public void Probability_accepts_the_closed_unit_interval_and_returns_the_value(double p)
        => Guard.Probability(p, "p").Should().Be(p);

    [Theory]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Probability_rejects_values_outside_it_naming_parameter_and_value(double p)
        => Rejects(() => Guard.Probability(p, "dropChance"), "dropChance", $"*'dropChance' must be a probability in [0, 1]; got {p}.*");

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonNegative_needs_a_finite_value_at_least_zero(double v)
    {
        Guard.NonNegative(0, "v").Should().Be(0);
        Rejects(() => Guard.NonNegative(v, "alpha"), "alpha", $"*'alpha' must be finite and ≥ 0; got {v}.*");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Positive_needs_a_finite_value_above_zero(double v)
    {
        Guard.Positive(1e-300, "v").Should().Be(1e-300);
        Rejects(() => Guard.Positive(v, "delta"), "delta", $"*'delta' must be finite and > 0; got {v}.*");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Finite_rejects_nan_and_infinities(double v)
    {
        Guard.Finite(-3.5, "v").Should().Be(-3.5);
        Rejects(() => Guard.Finite(v, "fillValue"), "fillValue", $"*'fillValue' must be finite; got {v}.*");
    }

    [Fact]
    public void AtLeast_for_reals_is_finite_and_at_least_the_bound()
    {
        Guard.AtLeast(1.0, 1, "m").Should().Be(1.0);
        Rejects(() => Guard.AtLeast(0.5, 1, "periodMultiplier"), "periodMultiplier", "*'periodMultiplier' must be finite and ≥ 1; got 0.5.*");
        Rejects(() => Guard.AtLeast(double.PositiveInfinity, 1, "divFactor"), "divFactor", "*'divFactor' must be finite*");
    }

    [Theory]
    [InlineData(false, false, 0.0, true, "[0, 1]")]
    [InlineData(false, true, 1.0, false, "[0, 1)")]
    [InlineData(true, false, 0.0, false, "(0, 1]")]
    [InlineData(true, true, 0.999, true, "(0, 1)")]
    [InlineData(true, true, double.NaN, false, "(0, 1)")]
    public void InRange_for_reals_honours_each_end_and_writes_the_interval(bool minExclusive, bool maxExclusive, double value, bool accepted, string interval)
    {
        var act = () => Guard.InRange(value, 0, 1, "rate", minExclusive, maxExclusive);
        if (accepted)
        {
            act().Should().Be(value);
        }
        else
        {
            Rejects(act, "rate", $"*'rate' must be in {interval}; got {value}.*");
        }
    }

    [Fact]
    public void The_owner_prefixes_the_message()
        => Rejects(() => Guard.Positive(0, "delta", "Huber"), "delta", "Huber: 'delta' must be finite and > 0; got 0.*");

    [Fact]
    public void Range_needs_finite_ordered_ends_inside_the_bounds()
    {
        Guard.Range((1, 1), "scale").Should().Be((1, 1));
        Rejects(() => Guard.Range((2, 1), "scale"), "scale", "*'scale' must be a finite range with min ≤ max; got [2, 1].*");
        Rejects(() => Guard.Range((1, 1), "valueRange", strict: true), "valueRange", "*min < max; got [1, 1].*");
        Rejects(() => Guard.Range((-400, 0), "degrees", -360, 360), "degrees", "*min ≤ max inside [-360, 360]; got [-400, 0].*");
        Rejects(() => Guard.Range((0, double.NaN), "area"), "area", "*finite*[0, NaN]*");
    }

    [Fact]
    public void Clamp_accepts_none_and_checks_a_given_range()
    {
        FluentActions.Invoking(() => Guard.Clamp(null, "clamp")).Should().NotThrow();
        Rejects(() => Guard.Clamp((1, 0), "clamp"), "clamp", "*'clamp'*got [1, 0]*");
    }

    // ---- integers and enums ----

    [Fact]
    public void AtLeast_for_integers_names_parameter_bound_and_value()
    {
        Guard.AtLeast(1, 1, "units").Should().Be(1);
        Guard.AtLeast(5L, 0L, "step").Should().Be(5L);
        Rejects(() => Guard.AtLeast(0, 1, "units", "Dense"), "units", "Dense: 'units' must be ≥ 1; got 0.*");
        Rejects(() => Guard.AtLeast(-3L, 0L, "step"), "step", "*'step' must be ≥ 0; got -3.*");
    }

    [Fact]
    public void InRange_for_integers_includes_both_ends()
    {
        Guard.InRange(1, 1, 64, "gridSize").Should().Be(1);
        Guard.InRange(64, 1, 64, "gridSize").Should().Be(64);
        Rejects(() => Guard.InRange(65, 1, 64, "gridSize"), "gridSize", "*'gridSize' must be in [1, 64]; got 65.*");
    }

    [Fact]
    public void Defined_lists_the_allowed_names()
    {
        Guard.Defined(Colour.Green, "colour").Should().Be(Colour.Green);
        Rejects(() => Guard.Defined((Colour)7, "colour"), "colour", "Colour: 'colour' must be one of Red, Green; got 7.*");
    }

    // ---- class labels ----

    [Theory]
    [InlineData(0.0, null, true)]
    [InlineData(2.0, 3, true)]
    [InlineData(3.0, 3, false)]
    [InlineData(-1.0, null, false)]
    [InlineData(0.5, null, false)]
    [InlineData(double.NaN, null, false)]
    [InlineData(1e9, null, true)]
    public void IsClassLabel_is_an_integer_at_least_zero_and_below_the_class_count(double value, int? classes, bool expected)
    {
        Guard.IsClassLabel(value, classes).Should().Be(expected);
        Guard.IsClassLabel((float)value, classes).Should().Be(expected);
    }

    [Fact]
    public void FirstInvalidLabel_finds_the_first_bad_row_or_minus_one()
    {
        Guard.FirstInvalidLabel<double>([0, 1, 2]).Should().Be(-1);
        Guard.FirstInvalidLabel<double>([0, 1, 2], classes: 2).Should().Be(2);
        Guard.FirstInvalidLabel<float>([0, 0.5f, -1]).Should().Be(1);
    }

    [Fact]
    public void Model_labels_name_row_value_and_output_count()
    {
        Rejects(() => Guard.ClassLabels<float>([0, 1, 2], 2, "training label", "data"), "data",
            "The training label at row 2 is 2, but for a model with 2 outputs labels must be integers in [0, 2).*");
        Rejects(() => Guard.ClassLabels<double>([0.5], 3, "label", "targets", "categorical_crossentropy"), "targets",
            "categorical_crossentropy: the label at row 0 is 0.5, but for a model with 3 outputs labels must be integers in [0, 3).*");
    }

    [Fact]
    public void Integer_labels_name_row_and_value_with_or_without_a_class_count()
    {
        FluentActions.Invoking(() => Guard.ClassLabels([0, 4], classes: null, "label", "labels")).Should().NotThrow();
        Rejects(() => Guard.ClassLabels([0, -1], classes: null, "label", "labels"), "labels",
            "The label at row 1 is -1, but class labels must be integers ≥ 0.*");
        Rejects(() => Guard.ClassLabels([3], classes: 3, "label", "labels"), "labels",
            "The label at row 0 is 3, but for 3 classes labels must be integers in [0, 3).*");
    }

    [Fact]
    public void Every_class_label_entry_point_states_the_one_rule()
    {
        var x = new float[,] { { 1 }, { 2 } };
        Rejects(() => Dataset<float>.From(x, [0, -1]), "labels", "*label at row 1 is -1*integers ≥ 0*");
        Rejects(() => OneHot.Encode<float>([0, 5], 3), "labels", "*label at row 1 is 5*[0, 3)*");
        Rejects(
            () => new CategoricalCrossEntropy<float>().Forward(new Tensor2D<float>(2, 3), Tensor2D<float>.FromArray(new float[,] { { 0 }, { 3 } })),
            "targets",
            "categorical_crossentropy: the label at row 1 is 3*[0, 3)*");
        FluentActions.Invoking(() => Dataset<float>.From(x, new float[,] { { 0 }, { 0.5f } }).SplitStratified(0.5, 0.4, seed: 1))
            .Should().Throw<InvalidOperationException>().WithMessage("*class labels*row 1 is 0.5*");
    }

    // ---- sample weights ----

    [Fact]
    public void Sample_weights_must_be_finite_and_not_negative()
    {
        FluentActions.Invoking(() => Guard.SampleWeights<double>([0, 1, 2.5], "w")).Should().NotThrow();
        Rejects(() => Guard.SampleWeights<double>([1, -2], "sampleWeights"), "sampleWeights",
            "The sample weight at row 1 is -2; sample weights must be finite and ≥ 0.*");
        Rejects(() => Guard.SampleWeights<float>([float.NaN], "sampleWeights", "mean_squared_error"), "sampleWeights",
            "mean_squared_error: the sample weight at row 0 is NaN; sample weights must be finite and ≥ 0.*");
    }

    [Fact]
    public void The_dataset_and_the_loss_state_the_same_sample_weight_rule()
    {
        double[] weights = [1, -1];
        var features = Tensor2D<double>.FromArray(new double[,] { { 1 }, { 2 } });
        var fromDataset = FluentActions.Invoking(() => new Dataset<double>(features, features, weights))
            .Should().Throw<ArgumentOutOfRangeException>().Which.Message;
        var fromLoss = FluentActions.Invoking(() => new MeanSquaredError<double>().Forward(features, features, weights))
            .Should().Throw<ArgumentOutOfRangeException>().Which.Message;

        fromLoss.Should().Be("mean_squared_error: t" + fromDataset[1..]);
    }

    private static void Rejects<TResult>(Func<TResult> act, string parameter, string message)
        => act.Should().Throw<ArgumentOutOfRangeException>().WithMessage(message).Which.ParamName.Should().Be(parameter);

    private static void Rejects(Action act, string parameter, string message)
        => act.Should().Throw<ArgumentOutOfRangeException>().WithMessage(message).Which.ParamName.Should().Be(parameter);
}
