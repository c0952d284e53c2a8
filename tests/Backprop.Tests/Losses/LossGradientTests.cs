using Backprop.Layers;
using Backprop.Losses;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.Tests.Losses;

public class LossGradientTests
{
    private static GradientCheckReport Check(Loss<double> loss, Tensor2D<double> targets, int outputs, double[]? weights = null)
    {
        var model = new Sequential<double>(new Dense<double>(outputs));
        model.Build(3, seed: 11);
        var x = TestData.Random(targets.Rows, 3, seed: 12, scale: 2.0);
        return GradientCheck.Run(model, loss, x, targets, weights);
    }

    public static TheoryData<string> Cases =>
    [
        "mse", "mae", "huber", "bce", "bce_logits", "bce_smooth", "bce_class_weights",
        "cce_probabilities", "cce_logits_onehot", "cce_logits_soft", "cce_logits_sparse",
        "cce_label_smoothing", "cce_class_weights_sparse", "cce_class_weights_soft", "cce_sample_weights",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_gradient_matches_finite_differences(string name)
    {
        double[] weights = [0.5, 2.0, 1.0, 0.0, 3.0, 1.5];
        var report = name switch
        {
            "mse" => Check(new MeanSquaredError<double>(), TestData.Random(6, 2, 1), 2, weights),
            "mae" => Check(new MeanAbsoluteError<double>(), TestData.Random(6, 2, 1), 2, weights),
            "huber" => Check(new Huber<double>(0.3), TestData.Random(6, 2, 1), 2, weights),
            "bce" => CheckProbabilities(new BinaryCrossEntropy<double>(), Binary(6, 2), 2, weights),
            "bce_logits" => Check(new BinaryCrossEntropy<double>(fromLogits: true), Binary(6, 2), 2, weights),
            "bce_smooth" => Check(new BinaryCrossEntropy<double>(fromLogits: true, labelSmoothing: 0.2), Binary(6, 2), 2),
            "bce_class_weights" => Check(new BinaryCrossEntropy<double>(fromLogits: true, classWeights: [0.3, 2.0]), Binary(6, 1), 1),
            "cce_probabilities" => CheckProbabilities(new CategoricalCrossEntropy<double>(), TestData.SoftTargets(6, 4, 3), 4),
            "cce_logits_onehot" => Check(new CategoricalCrossEntropy<double>(fromLogits: true), OneHot(TestData.Labels(6, 4, 3), 4), 4),
            "cce_logits_soft" => Check(new CategoricalCrossEntropy<double>(fromLogits: true), TestData.SoftTargets(6, 4, 3), 4),
            "cce_logits_sparse" => Check(new CategoricalCrossEntropy<double>(fromLogits: true), TestData.Labels(6, 4, 3), 4),
            "cce_label_smoothing" => Check(new CategoricalCrossEntropy<double>(fromLogits: true, labelSmoothing: 0.1), TestData.Labels(6, 4, 3), 4),
            "cce_class_weights_sparse" => Check(new CategoricalCrossEntropy<double>(fromLogits: true, classWeights: [1, 2, 0.5, 3]), TestData.Labels(6, 4, 3), 4),
            "cce_class_weights_soft" => Check(new CategoricalCrossEntropy<double>(fromLogits: true, classWeights: [1, 2, 0.5, 3]), TestData.SoftTargets(6, 4, 3), 4),
            "cce_sample_weights" => Check(new CategoricalCrossEntropy<double>(fromLogits: true), TestData.Labels(6, 4, 3), 4, weights),
            _ => throw new ArgumentException(name),
        };

        report.WorstRelativeError.Should().BeLessThan(1e-6, report.ToString());
    }

    [Fact]
    public void Mse_value_matches_hand_computation_with_sample_weights()
    {
        var p = Tensor2D<double>.FromArray(new double[,] { { 1, 2 }, { 3, 5 } });
        var t = Tensor2D<double>.FromArray(new double[,] { { 0, 2 }, { 3, 1 } });
        var loss = new MeanSquaredError<double>();

        // Row losses: (1 + 0)/2 = 0.5 and (0 + 16)/2 = 8; weights 2 and 0.5; mean over N = 2.
        double value = loss.Forward(p, t, [2.0, 0.5]);

        value.Should().BeApproximately(((2 * 0.5) + (0.5 * 8)) / 2, 1e-12);
        loss.Backward()[0, 0].Should().BeApproximately(2 * 2 * 1 / 4.0, 1e-12);
    }

    [Fact]
    public void Cross_entropy_from_logits_is_stable_for_huge_logits()
    {
        var logits = Tensor2D<float>.FromArray(new float[,] { { 1000f, -1000f, 0f } });
        var targets = Tensor2D<float>.FromArray(new float[,] { { 0f, 1f, 0f } });
        var loss = new CategoricalCrossEntropy<float>(fromLogits: true);

        float value = loss.Forward(logits, targets);

        value.Should().BeApproximately(2000f, 1e-2f);
        float.IsFinite(loss.Backward()[0, 0]).Should().BeTrue();
    }

    private static GradientCheckReport CheckProbabilities(Loss<double> loss, Tensor2D<double> targets, int outputs, double[]? weights = null)
    {
        // Keep predictions inside (0, 1): a sigmoid/softmax output layer.
        var activation = outputs == 1 || loss is BinaryCrossEntropy<double> ? Backprop.Activations.Activation.Sigmoid : Backprop.Activations.Activation.Softmax;
        var model = new Sequential<double>(new Dense<double>(outputs, activation));
        model.Build(3, seed: 11);
        return GradientCheck.Run(model, loss, TestData.Random(targets.Rows, 3, seed: 12), targets, weights);
    }

    private static Tensor2D<double> Binary(int rows, int cols)
    {
        var t = TestData.Random(rows, cols, 5);
        for (int i = 0; i < t.Length; i++)
        {
            t.Span[i] = t.Span[i] > 0 ? 1 : 0;
        }

        return t;
    }

    private static Tensor2D<double> OneHot(Tensor2D<double> labels, int classes)
    {
        var t = new Tensor2D<double>(labels.Rows, classes);
        for (int r = 0; r < labels.Rows; r++)
        {
            t[r, (int)labels[r, 0]] = 1;
        }

        return t;
    }
}
