using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using MathNet.Numerics.LinearAlgebra;
using Backprop.Models;

namespace Backprop.Tests.Data;

/// <summary>Every accepted input form (T[,], T[][], MathNet Matrix, int[] labels, target matrix) lands as the same data and trains the same.</summary>
public class InputPathTests
{
    private static readonly double[,] X = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0.5, 0.25 } };
    private static readonly int[] Labels = [0, 1, 1, 0, 1];
    private static readonly double[,] OneHot = { { 1, 0 }, { 0, 1 }, { 0, 1 }, { 1, 0 }, { 0, 1 } };

    private static double[][] Jagged(double[,] a)
        => Enumerable.Range(0, a.GetLength(0)).Select(r => Enumerable.Range(0, a.GetLength(1)).Select(c => a[r, c]).ToArray()).ToArray();

    private static Sequential<double> Model() => new(new Dense<double>(4, Activation.Tanh), new Dense<double>(2));

    private static FitOptions<double> Options => new() { Epochs = 3, BatchSize = 2, Seed = 3 };

    private static double[] Weights(Sequential<double> model) => model.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();

    [Fact]
    public void Every_feature_form_gives_the_same_dataset()
    {
        var fromArray = Dataset<double>.From(X, Labels);
        var fromJagged = Dataset<double>.From(Jagged(X), Labels);
        var fromMatrix = Dataset<double>.From(Matrix<double>.Build.DenseOfArray(X), Labels);

        foreach (var d in new[] { fromJagged, fromMatrix })
        {
            d.Features.ToArray().Should().BeEquivalentTo(X, o => o.WithStrictOrdering());
            d.Targets.Span.ToArray().Should().Equal(0, 1, 1, 0, 1);
            d.HasClassLabels.Should().BeTrue();
        }

        fromArray.ClassLabels().Should().Equal(Labels);
    }

    [Fact]
    public void Every_target_form_gives_the_same_dataset()
    {
        var fromArray = Dataset<double>.From(X, OneHot);
        var fromJagged = Dataset<double>.From(Jagged(X), Jagged(OneHot));
        var fromMatrix = Dataset<double>.From(Matrix<double>.Build.DenseOfArray(X), Matrix<double>.Build.DenseOfArray(OneHot));

        foreach (var d in new[] { fromArray, fromJagged, fromMatrix })
        {
            d.Targets.ToArray().Should().BeEquivalentTo(OneHot, o => o.WithStrictOrdering());
            d.HasClassLabels.Should().BeFalse();
            d.ClassLabels().Should().Equal(Labels);
        }
    }

    [Fact]
    public void Fit_overloads_for_labels_train_identically()
    {
        var loss = new CategoricalCrossEntropy<double>(fromLogits: true);
        var reference = Model();
        reference.Fit(Dataset<double>.From(X, Labels), loss, new Sgd<double>(0.1), Options);

        var a = Model();
        a.Fit(X, Labels, loss, new Sgd<double>(0.1), Options);
        var j = Model();
        j.Fit(Jagged(X), Labels, loss, new Sgd<double>(0.1), Options);
        var m = Model();
        m.Fit(Matrix<double>.Build.DenseOfArray(X), Labels, loss, new Sgd<double>(0.1), Options);

        Weights(a).Should().Equal(Weights(reference));
        Weights(j).Should().Equal(Weights(reference));
        Weights(m).Should().Equal(Weights(reference));
    }

    [Fact]
    public void Fit_overloads_for_target_matrices_train_identically_to_sparse_labels()
    {
        // One-hot targets and sparse labels give the same cross-entropy gradient, so the same weights.
        var loss = new CategoricalCrossEntropy<double>(fromLogits: true);
        var reference = Model();
        reference.Fit(X, Labels, loss, new Sgd<double>(0.1), Options);

        var a = Model();
        a.Fit(X, OneHot, loss, new Sgd<double>(0.1), Options);
        var j = Model();
        j.Fit(Jagged(X), Jagged(OneHot), loss, new Sgd<double>(0.1), Options);
        var m = Model();
        m.Fit(Matrix<double>.Build.DenseOfArray(X), Matrix<double>.Build.DenseOfArray(OneHot), loss, new Sgd<double>(0.1), Options);

        foreach (var model in new[] { a, j, m })
        {
            Weights(model).Should().Equal(Weights(reference), (x, y) => Math.Abs(x - y) <= 1e-12);
        }
    }

    [Fact]
    public void Predict_overloads_agree()
    {
        var model = Model();
        model.Build(2, seed: 4);
        var expected = model.Predict(Tensor2D<double>.FromArray(X));

        model.Predict(X).Should().BeEquivalentTo(expected.ToArray(), o => o.WithStrictOrdering());
        model.Predict(Jagged(X)).Should().BeEquivalentTo(expected.ToRows(), o => o.WithStrictOrdering());
        model.Predict(Matrix<double>.Build.DenseOfArray(X)).ToArray().Should().BeEquivalentTo(expected.ToArray(), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Tensor_conversions_round_trip()
    {
        var t = Tensor2D<double>.FromArray(X);

        Tensor2D<double>.FromRows(t.ToRows()).ToArray().Should().BeEquivalentTo(X, o => o.WithStrictOrdering());
        Tensor2D<double>.FromMatrix(t.ToMatrix()).ToArray().Should().BeEquivalentTo(X, o => o.WithStrictOrdering());
        t[4, 1].Should().Be(0.25);
        t.Row(4).ToArray().Should().Equal(0.5, 0.25);
    }
}
