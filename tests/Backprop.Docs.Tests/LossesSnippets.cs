using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;

namespace Backprop.Docs.Tests;

/// <summary>docs/losses.md.</summary>
public class LossesSnippets
{
    [Fact]
    public void Losses_take_class_indices_one_hot_rows_and_sample_weights()
    {
        #region LossForward
        var logits = new Tensor2D<float>(2, 3, [2f, 0f, -1f, 0f, 1f, 0f]);
        var labels = new Tensor2D<float>(2, 1, [0f, 1f]);            // class indices: width 1
        var oneHot = new Tensor2D<float>(2, 3, [1f, 0f, 0f, 0f, 1f, 0f]);  // the same targets one-hot: width K

        var ce = new CategoricalCrossEntropy<float>(fromLogits: true);
        float sparse = ce.Forward(logits, labels);
        float dense = ce.Forward(logits, oneHot);                    // equal to sparse
        float weighted = ce.Forward(logits, labels, [2f, 0f]);       // (1/N) Σ wᵢ ℓᵢ: N = 2, not Σw
        Tensor2D<float> gradient = ce.Backward();                    // ∂L/∂logits of the last Forward
        #endregion

        dense.Should().BeApproximately(sparse, 1e-6f);
        var first = new CategoricalCrossEntropy<float>(fromLogits: true).Forward(
            new Tensor2D<float>(1, 3, [2f, 0f, -1f]), new Tensor2D<float>(1, 1, [0f]));
        weighted.Should().BeApproximately(first, 1e-6f, "weight 2 on the first of two rows, divided by N = 2");
        gradient.Rows.Should().Be(2);
        gradient.Span[3..].ToArray().Should().AllSatisfy(g => g.Should().Be(0f), "the second row has weight 0");
    }

    [Fact]
    public void Sample_weights_attached_to_the_data_reach_the_loss_in_fit()
    {
        #region SampleWeights
        var data = Datasets.BreastCancer<float>();
        var weights = new float[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            weights[i] = data.Targets[i, 0] == 1f ? 1f : 2f;         // count each malignant (0) case twice
        }

        var model = new Sequential<float>(new Dense<float>(16, Activation.ReLU), new Dense<float>(1));
        var history = model.Fit(data.WithSampleWeights(weights), new BinaryCrossEntropy<float>(fromLogits: true),
            new Adam<float>(0.01), epochs: 5, seed: 1);
        #endregion

        history.Epochs[^1]["loss"].Should().BeLessThan(history.Epochs[0]["loss"]);
    }

    [Fact]
    public void Regression_losses_and_label_smoothing()
    {
        #region RegressionLoss
        var data = Datasets.Diabetes<float>();                       // 442 × 10, target 25..346
        var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(1));
        var history = model.Fit(data, new Huber<float>(delta: 50), new Adam<float>(0.05), epochs: 20, seed: 1);
        var result = model.Evaluate(data, new MeanAbsoluteError<float>());
        Console.WriteLine($"MAE {result.Loss:F1}");                 // Evaluate needs the loss: the model does not keep Fit's
        #endregion

        history.Epochs[^1]["loss"].Should().BeLessThan(history.Epochs[0]["loss"]);
        result.Loss.Should().BeLessThan(150);
    }
}
