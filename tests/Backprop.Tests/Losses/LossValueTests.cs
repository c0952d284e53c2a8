using Backprop.Losses;

namespace Backprop.Tests.Losses;

/// <summary>
/// Loss values against hand computation (the gradient checks only prove the gradient matches the value; these prove
/// the value is the documented formula). Expected numbers are written out from the formulas in the XML docs.
/// </summary>
public class LossValueTests
{
    private static Tensor2D<double> T(double[,] v) => Tensor2D<double>.FromArray(v);

    [Fact]
    public void Mae_is_the_mean_absolute_error()
        // Rows: (|1| + 0)/2 = 0.5 and (0 + |4|)/2 = 2; mean 1.25.
        => new MeanAbsoluteError<double>().Forward(T(new double[,] { { 1, 2 }, { 3, 5 } }), T(new double[,] { { 0, 2 }, { 3, 1 } }))
            .Should().BeApproximately(1.25, 1e-15);

    [Fact]
    public void Huber_is_quadratic_inside_delta_and_linear_outside()
        // δ = 1, errors 1, 0 | 0, 4 → 0.5, 0 | 0, 1·(4 − 0.5) = 3.5 → rows 0.25 and 1.75 → mean 1.
        => new Huber<double>(1.0).Forward(T(new double[,] { { 1, 2 }, { 3, 5 } }), T(new double[,] { { 0, 2 }, { 3, 1 } }))
            .Should().BeApproximately(1.0, 1e-15);

    [Fact]
    public void Binary_cross_entropy_on_probabilities()
        // −(ln 0.8 + ln 0.7)/2.
        => new BinaryCrossEntropy<double>().Forward(T(new double[,] { { 0.8 }, { 0.3 } }), T(new double[,] { { 1 }, { 0 } }))
            .Should().BeApproximately(0.2899092476264711, 1e-12);

    [Theory]
    [InlineData(3.0, "row 0, column 0 is 3")]
    [InlineData(-0.5, "row 1, column 2 is -0.5")]
    public void Cross_entropy_on_probabilities_refuses_values_outside_0_1_and_names_fromLogits(double bad, string where)
    {
        // A model that outputs raw scores trained with the default fromLogits: false got a negative loss and 10 % accuracy,
        // silently (−log p of p > 1 is negative, and the probability form only clips from below).
        var scores = T(new double[,] { { 0.2, 0.3, 0.5 }, { 0.1, 0.8, 0.1 } });
        scores[bad > 1 ? 0 : 1, bad > 1 ? 0 : 2] = bad;
        var categorical = () => new CategoricalCrossEntropy<double>().Forward(scores, T(new double[,] { { 0 }, { 1 } }));
        var binary = () => new BinaryCrossEntropy<double>().Forward(scores, T(new double[,] { { 1, 0, 1 }, { 0, 1, 0 } }));

        categorical.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"categorical_crossentropy with fromLogits: false takes probabilities in [0, 1], but the prediction at {where}*fromLogits: true*Activation.Softmax*");
        binary.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*at {where}*Activation.Sigmoid*");
        new CategoricalCrossEntropy<double>(fromLogits: true).Forward(scores, T(new double[,] { { 0 }, { 1 } })).Should().BeGreaterThan(0);
    }

    [Fact]
    public void Cross_entropy_on_probabilities_accepts_0_1_and_a_rounding_hair_above_1()
    {
        var edges = T(new double[,] { { 0, 1 + 1e-7 }, { 1, 0 } });
        new BinaryCrossEntropy<double>().Forward(edges, T(new double[,] { { 0, 1 }, { 1, 0 } })).Should().BeGreaterThanOrEqualTo(0);
        new CategoricalCrossEntropy<double>().Forward(edges, T(new double[,] { { 1 }, { 0 } })).Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public void Binary_cross_entropy_from_logits()
        // (ln(1 + e^−2) + ln(1 + e^−1))/2: logits 2 (target 1) and −1 (target 0).
        => new BinaryCrossEntropy<double>(fromLogits: true).Forward(T(new double[,] { { 2 }, { -1 } }), T(new double[,] { { 1 }, { 0 } }))
            .Should().BeApproximately(0.2200948492805977, 1e-12);

    [Fact]
    public void Binary_cross_entropy_from_logits_equals_sigmoid_then_probabilities()
    {
        var logits = TestData.Random(5, 2, seed: 1, scale: 3);
        var targets = T(new double[,] { { 1, 0 }, { 0, 0 }, { 1, 1 }, { 0, 1 }, { 1, 0 } });
        var probabilities = logits.Clone();
        var s = probabilities.Span;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = 1 / (1 + Math.Exp(-s[i]));
        }

        new BinaryCrossEntropy<double>(fromLogits: true).Forward(logits, targets)
            .Should().BeApproximately(new BinaryCrossEntropy<double>().Forward(probabilities, targets), 1e-12);
    }

    [Fact]
    public void Categorical_cross_entropy_from_logits_is_logsumexp_minus_the_target_logit()
        // ln(e + e² + e³) − 3.
        => new CategoricalCrossEntropy<double>(fromLogits: true).Forward(T(new double[,] { { 1, 2, 3 } }), T(new double[,] { { 2 } }))
            .Should().BeApproximately(0.40760596444438013, 1e-12);

    [Fact]
    public void Label_smoothing_mixes_the_target_with_the_uniform_distribution()
        // ε = 0.3, K = 3: t′ = [0.1, 0.1, 0.8]; Σ t′ₖ(lse − zₖ).
        => new CategoricalCrossEntropy<double>(fromLogits: true, labelSmoothing: 0.3).Forward(T(new double[,] { { 1, 2, 3 } }), T(new double[,] { { 2 } }))
            .Should().BeApproximately(0.7076059644443802, 1e-12);

    [Fact]
    public void Class_and_sample_weights_multiply_each_rows_loss_and_the_sum_is_divided_by_n()
        // Row 0: label 2, class weight 0.5, sample weight 2; row 1: logits 0 → ln 3, label 0, weights 1 and 1. Divided by N = 2.
        => new CategoricalCrossEntropy<double>(fromLogits: true, classWeights: [1, 2, 0.5])
            .Forward(T(new double[,] { { 1, 2, 3 }, { 0, 0, 0 } }), T(new double[,] { { 2 }, { 0 } }), [2.0, 1.0])
            .Should().BeApproximately(0.753109126556245, 1e-12);

    [Fact]
    public void Sparse_one_hot_and_probability_forms_agree()
    {
        var logits = TestData.Random(4, 3, seed: 2, scale: 2);
        var labels = T(new double[,] { { 0 }, { 2 }, { 1 }, { 2 } });
        var oneHot = T(new double[,] { { 1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 }, { 0, 0, 1 } });
        var softmax = logits.Clone();
        new Backprop.Layers.ActivationLayer<double>(Backprop.Activations.Activation.Softmax).Forward(logits, training: false).Span.CopyTo(softmax.Span);
        var fromLogits = new CategoricalCrossEntropy<double>(fromLogits: true);

        double sparse = fromLogits.Forward(logits, labels);

        fromLogits.Forward(logits, oneHot).Should().BeApproximately(sparse, 1e-12);
        new CategoricalCrossEntropy<double>().Forward(softmax, labels).Should().BeApproximately(sparse, 1e-12);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Class_indices_and_one_hot_rows_give_the_same_bits_from_logits(bool classWeights, bool sampleWeights)
    {
        // Class indices take a fast path that never builds the one-hot row; it must agree with it exactly.
        var rng = new Random(3);
        const int n = 37, k = 10;
        var logits = new Tensor2D<float>(n, k);
        var labels = new Tensor2D<float>(n, 1);
        var oneHot = new Tensor2D<float>(n, k);
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++)
            {
                logits[i, c] = (rng.NextSingle() * 20) - 10;
            }

            int label = rng.Next(k);
            labels[i, 0] = label;
            oneHot[i, label] = 1;
        }

        double[]? cw = classWeights ? Enumerable.Range(0, k).Select(c => 0.5 + (0.1 * c)).ToArray() : null;
        float[] sw = sampleWeights ? Enumerable.Range(0, n).Select(i => (float)(i % 3)).ToArray() : [];
        var sparse = new CategoricalCrossEntropy<float>(fromLogits: true, classWeights: cw);
        var dense = new CategoricalCrossEntropy<float>(fromLogits: true, classWeights: cw);
        float sparseLoss = sparse.Forward(logits, labels, sw);
        float denseLoss = dense.Forward(logits, oneHot, sw);
        sparseLoss.Should().Be(denseLoss);
        sparse.Backward().Span.ToArray().Should().Equal(dense.Backward().Span.ToArray());
    }
}
