using System.Runtime.InteropServices;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;
using Backprop.Models;

namespace Backprop.Tests.Training;

/// <summary>Every documented bad input fails early with the documented exception type and a message naming the values seen.</summary>
public class BadInputTests
{
    private static readonly float[,] X = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };

    private static Sequential<float> Model(int outputs = 2) => new(new Dense<float>(3, Activation.Tanh), new Dense<float>(outputs));

    private static History Fit(Dataset<float> data, FitOptions<float> options, Sequential<float>? model = null)
        => (model ?? Model()).Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Sgd<float>(0.1), options);

    // ---- shapes ----

    [Fact]
    public void Feature_and_label_row_counts_must_match()
    {
        FluentActions.Invoking(() => Dataset<float>.From(X, [0, 1, 1])).Should().Throw<ArgumentException>().WithMessage("*4 rows*3 labels*");
        FluentActions.Invoking(() => Dataset<float>.From(X, new float[3, 1])).Should().Throw<ArgumentException>().WithMessage("*4 rows*targets have 3*");
        FluentActions.Invoking(() => Dataset<float>.From(Matrix<float>.Build.Dense(4, 2), Matrix<float>.Build.Dense(5, 2)))
            .Should().Throw<ArgumentException>().WithMessage("*4 rows*targets have 5*");
        FluentActions.Invoking(() => Model().Fit(X, [0, 1], new CategoricalCrossEntropy<float>(true), new Sgd<float>()))
            .Should().Throw<ArgumentException>().WithMessage("*4 rows*2 labels*");
    }

    [Fact]
    public void Model_input_width_must_match_the_data()
    {
        var model = Model();
        model.Build(3);

        FluentActions.Invoking(() => Fit(Dataset<float>.From(X, [0, 1, 1, 0]), new(), model))
            .Should().Throw<ArgumentException>().WithMessage("*built for 3 input features*2*");
        FluentActions.Invoking(() => model.Predict(X)).Should().Throw<ArgumentException>().WithMessage("*3 input features*2*");
        FluentActions.Invoking(() => model.Layers[0].Forward(new Tensor2D<float>(1, 5), training: false))
            .Should().Throw<ArgumentException>().WithMessage("*expects 3 input features*[1, 5]*");
    }

    [Fact]
    public void Target_width_must_match_the_model_outputs()
        => FluentActions.Invoking(() => Fit(Dataset<float>.From(X, new float[4, 3]), new()))
            .Should().Throw<ArgumentException>().WithMessage("*targets have 3 columns*model has 2 outputs*");

    [Fact]
    public void Loss_predictions_and_targets_must_fit()
    {
        var mse = new MeanSquaredError<double>();
        var cce = new CategoricalCrossEntropy<double>();

        FluentActions.Invoking(() => mse.Forward(new Tensor2D<double>(4, 2), new Tensor2D<double>(3, 2)))
            .Should().Throw<ArgumentException>().WithMessage("*predictions have 4 rows*targets have 3*");
        FluentActions.Invoking(() => mse.Forward(new Tensor2D<double>(4, 2), new Tensor2D<double>(4, 3)))
            .Should().Throw<ArgumentException>().WithMessage("*[4, 2]*[4, 3]*");
        FluentActions.Invoking(() => cce.Forward(new Tensor2D<double>(4, 3), new Tensor2D<double>(4, 2)))
            .Should().Throw<ArgumentException>().WithMessage("*3 classes*2 columns*");
        FluentActions.Invoking(() => cce.Forward(new Tensor2D<double>(4, 1), new Tensor2D<double>(4, 1)))
            .Should().Throw<ArgumentException>().WithMessage("*at least 2 output columns*1*");
        FluentActions.Invoking(() => mse.Forward(new Tensor2D<double>(4, 2), new Tensor2D<double>(4, 2), [1.0, 1.0]))
            .Should().Throw<ArgumentException>().WithMessage("*2 sample weights*batch of 4*");
    }

    [Fact]
    public void Jagged_input_must_be_rectangular()
    {
        float[][] jagged = [[1, 2], [3, 4], [5]];

        FluentActions.Invoking(() => Dataset<float>.From(jagged, [0, 1, 0])).Should().Throw<ArgumentException>()
            .WithMessage("*not rectangular*row 0 has 2 columns*row 2 has 1*");
        FluentActions.Invoking(() => Tensor2D<float>.FromRows([[1, 2], null!])).Should().Throw<ArgumentException>().WithMessage("*Row 1 is null*");
    }

    // ---- values ----

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void Non_finite_features_are_rejected_with_their_position(float bad, string shown)
    {
        var x = (float[,])X.Clone();
        x[2, 1] = bad;

        FluentActions.Invoking(() => Dataset<float>.From(x, [0, 1, 1, 0])).Should().Throw<ArgumentException>()
            .WithMessage($"*features contain {shown} at row 2, column 1*");
    }

    [Fact]
    public void Non_finite_targets_are_rejected_with_their_position()
    {
        var y = new float[4, 1];
        y[3, 0] = float.NaN;

        FluentActions.Invoking(() => Dataset<float>.From(X, y)).Should().Throw<ArgumentException>().WithMessage("*targets contain NaN at row 3, column 0*");
    }

    [Fact]
    public void Negative_labels_are_rejected()
        => FluentActions.Invoking(() => Dataset<float>.From(X, [0, 1, -1, 0])).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*row 2 is -1*≥ 0*");

    [Fact]
    public void Labels_at_or_above_the_class_count_are_rejected()
    {
        FluentActions.Invoking(() => Fit(Dataset<float>.From(X, [0, 1, 2, 0]), new())).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*label at row 2 is 2*2 outputs*[0, 2)*");
        FluentActions.Invoking(() => new CategoricalCrossEntropy<double>().Forward(new Tensor2D<double>(2, 3), Tensor2D<double>.FromArray(new double[,] { { 0 }, { 3 } })))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*row 1 is 3*[0, 3)*");
    }

    [Fact]
    public void Non_integer_labels_are_rejected()
    {
        var y = new float[,] { { 0 }, { 1 }, { 0.5f }, { 0 } };

        FluentActions.Invoking(() => Fit(Dataset<float>.From(X, y), new())).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*row 2 is 0.5*integers*");
    }

    [Fact]
    public void Binary_cross_entropy_targets_must_be_probabilities()
        => FluentActions.Invoking(() => new BinaryCrossEntropy<double>().Forward(new Tensor2D<double>(2, 1), Tensor2D<double>.FromArray(new double[,] { { 0 }, { 2 } })))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*row 1, column 0 is 2*[0, 1]*");

    [Fact]
    public void Empty_data_is_rejected()
    {
        FluentActions.Invoking(() => Dataset<float>.From(new float[0, 2], Array.Empty<int>())).Should().Throw<ArgumentException>()
            .WithMessage("*empty*[0, 2]*");
        FluentActions.Invoking(() => Dataset<float>.From(new float[3, 0], [0, 0, 0])).Should().Throw<ArgumentException>().WithMessage("*empty*[3, 0]*");
        FluentActions.Invoking(() => Dataset<float>.From(Array.Empty<float[]>(), Array.Empty<int>())).Should().Throw<ArgumentException>().WithMessage("*empty*");
    }

    // ---- options ----

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Batch_size_must_be_positive(int batchSize)
    {
        FluentActions.Invoking(() => Fit(Dataset<float>.From(X, [0, 1, 1, 0]), new() { BatchSize = batchSize }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*'BatchSize'*≥ 1*got {batchSize}*");
        FluentActions.Invoking(() => Model().Predict(Tensor2D<float>.FromArray(X), batchSize)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage($"*{batchSize}*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Epochs_must_be_positive(int epochs)
        => FluentActions.Invoking(() => Fit(Dataset<float>.From(X, [0, 1, 1, 0]), new() { Epochs = epochs }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*'Epochs'*≥ 1*got {epochs}*");

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Validation_split_must_be_in_zero_one(double split)
        => FluentActions.Invoking(() => Fit(Dataset<float>.From(X, [0, 1, 1, 0]), new() { ValidationSplit = split }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*'ValidationSplit' must be in [0, 1); got {split.ToString(System.Globalization.CultureInfo.InvariantCulture)}*");

    [Fact]
    public void Validation_split_and_validation_data_are_exclusive()
    {
        var data = Dataset<float>.From(X, [0, 1, 1, 0]);

        FluentActions.Invoking(() => Fit(data, new() { ValidationSplit = 0.25, ValidationData = data }))
            .Should().Throw<ArgumentException>().WithMessage("*either validation data or a validation split*");
    }

    [Fact]
    public void A_validation_split_that_leaves_no_validation_rows_is_rejected()
        => FluentActions.Invoking(() => Fit(Dataset<float>.From(X, [0, 1, 1, 0]), new() { ValidationSplit = 0.05 }))
            .Should().Throw<ArgumentException>().WithMessage("*0.05 of 4 samples leaves an empty part*");

    [Fact]
    public void Validation_data_must_have_the_training_width()
    {
        var validation = Dataset<float>.From(new float[,] { { 1, 2, 3 } }, [0]);

        FluentActions.Invoking(() => Fit(Dataset<float>.From(X, [0, 1, 1, 0]), new() { ValidationData = validation }))
            .Should().Throw<ArgumentException>().WithMessage("*validation data has 3 features*model takes 2*");
    }

    [Fact]
    public void Stratifying_needs_class_labels()
    {
        var regression = Dataset<float>.From(X, new float[,] { { 0.5f }, { 1.5f }, { 2.5f }, { 3.5f } });

        FluentActions.Invoking(() => regression.SplitStratified(0.5, seed: 1)).Should().Throw<InvalidOperationException>()
            .WithMessage("*class labels*row 0*0.5*");
    }

    // ---- call order ----

    [Fact]
    public void Backward_before_forward_throws()
    {
        FluentActions.Invoking(() => new Dense<double>(2).Backward(new Tensor2D<double>(1, 2))).Should().Throw<InvalidOperationException>()
            .WithMessage("*dense*Backward was called before Forward*");
        FluentActions.Invoking(() => new Sequential<double>(new Dense<double>(2)).Backward(new Tensor2D<double>(1, 2)))
            .Should().Throw<InvalidOperationException>().WithMessage("*Backward was called before Forward*");
        FluentActions.Invoking(() => new MeanSquaredError<double>().Backward()).Should().Throw<InvalidOperationException>()
            .WithMessage("*mean_squared_error*Backward was called before Forward*");
    }

    [Fact]
    public void Backward_with_a_gradient_of_another_shape_throws()
    {
        var dense = new Dense<double>(2);
        dense.Forward(new Tensor2D<double>(3, 4), training: true);

        FluentActions.Invoking(() => dense.Backward(new Tensor2D<double>(2, 2))).Should().Throw<ArgumentException>()
            .WithMessage("*[2, 2]*last output had shape [3, 2]*");
    }

    // ---- element types ----

    [Fact]
    public void Element_types_other_than_float_and_double_are_not_supported()
    {
        FluentActions.Invoking(() => new Tensor2D<Half>(1, 1)).Should().Throw<NotSupportedException>().WithMessage("*float and double*Half*");
        FluentActions.Invoking(() => new Dense<Half>(2)).Should().Throw<NotSupportedException>().WithMessage("*Half*");
        FluentActions.Invoking(() => new Sequential<Half>()).Should().Throw<NotSupportedException>().WithMessage("*Half*");
        FluentActions.Invoking(() => new MeanSquaredError<Half>()).Should().Throw<NotSupportedException>().WithMessage("*Half*");
        FluentActions.Invoking(() => new Adam<Half>()).Should().Throw<NotSupportedException>().WithMessage("*Half*");
        FluentActions.Invoking(() => new ActivationLayer<Half>(Activation.ReLU)).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => Datasets.Iris<Half>()).Should().Throw<NotSupportedException>().WithMessage("*Half*");
        FluentActions.Invoking(() => Tensor2D<NFloat>.FromArray(new NFloat[1, 1])).Should().Throw<NotSupportedException>().WithMessage("*NFloat*");
    }
}
