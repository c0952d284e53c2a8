#region QuickstartUsings
using Backprop.Activations; using Backprop.Data; using Backprop.Layers;
using Backprop.Losses; using Backprop.Models; using Backprop.Optimizers;
#endregion

namespace Backprop.Docs.Tests;

/// <summary>The README's snippets, run as written (the quickstart with its 60 epochs: about a second).</summary>
public class ReadmeSnippets
{
    [Fact]
    public void Quickstart_trains_the_digits_to_over_95_percent()
    {
        #region Quickstart
        var (train, test) = Datasets.Digits().SplitStratified(testFraction: 0.2, seed: 42);
        var model = new Sequential<float>(
            new Dense<float>(128, Activation.ReLU),
            new Dense<float>(10));                                   // logits; input size inferred at first use
        var history = model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001),
            epochs: 60, batchSize: 32, validationSplit: 0.1, seed: 42);
        Console.WriteLine($"test accuracy {model.Evaluate(test).Accuracy:P2}");
        #endregion

        history.Epochs.Should().HaveCount(60);
        history.Epochs[^1].Contains("val_accuracy").Should().BeTrue();
        model.Evaluate(test).Accuracy.Should().BeGreaterThan(0.95);
    }

    [Fact]
    public void The_step_by_step_loop_lowers_the_loss()
    {
        var data = Datasets.Digits();
        var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
        var lossFn = new CategoricalCrossEntropy<float>(fromLogits: true);
        var optimizer = new Adam<float>(0.01);
        var (x, y) = (data.Features, data.Targets);
        var losses = new List<float>();
        for (int step = 0; step < 20; step++)
        {
            #region ExplicitStep
            var logits = model.Forward(x, training: true);   // forward
            var loss = lossFn.Forward(logits, y);            // loss value; gradient kept inside the loss
            model.Backward(lossFn.Backward());               // chain rule, layer by layer, gradients accumulate
            optimizer.Step(model.Parameters);                // update, then zero the gradients
            #endregion
            losses.Add(loss);
        }

        losses[^1].Should().BeLessThan(losses[0] / 2);
    }
}
