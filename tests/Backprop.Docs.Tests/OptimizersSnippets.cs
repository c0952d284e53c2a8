using Backprop.Activations;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;

namespace Backprop.Docs.Tests;

/// <summary>docs/optimizers.md.</summary>
public class OptimizersSnippets
{
    private static Sequential<float> Mlp() => new(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));

    [Fact]
    public void Optimizers_with_clipping_and_a_schedule()
    {
        var data = Datasets.Digits();
        var model = Mlp();
        #region OptimizerOptions
        var sgd = new Sgd<float>(0.05, momentum: 0.9, nesterov: true)
        {
            ClipNorm = 1.0,                                          // global L2 norm over all trainable gradients
            ClipValue = 0.5,                                         // each element to [-0.5, 0.5], applied first
        };
        var schedule = new LearningRateScheduler(new CosineDecay(0.05, decaySteps: 10));
        var history = model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), sgd,
            epochs: 10, seed: 1, callbacks: [schedule]);
        Console.WriteLine(string.Join(", ", history["lr"]));         // the rate each epoch ran with
        #endregion

        history["lr"][0].Should().Be(0.05);
        history["lr"][^1].Should().BeLessThan(0.01);
        sgd.Iterations.Should().BeGreaterThan(0);
    }

    [Fact]
    public void The_optimizer_steps_by_hand_and_the_learning_rate_changes_between_steps()
    {
        var data = Datasets.Digits();
        var model = Mlp();
        var lossFn = new CategoricalCrossEntropy<float>(fromLogits: true);
        #region OptimizerByHand
        var adam = new Adam<float>(1e-3, amsGrad: true);
        for (int step = 0; step < 30; step++)
        {
            lossFn.Forward(model.Forward(data.Features, training: true), data.Targets);
            model.Backward(lossFn.Backward());
            adam.LearningRate = step < 10 ? 1e-2 : 1e-3;            // any schedule of your own
            adam.Step(model.Parameters);                             // clip, decay, rule, constraints, zero the gradients
        }
        #endregion

        adam.Iterations.Should().Be(30);
        model.Evaluate(data).Accuracy.Should().BeGreaterThan(0.7, "30 full-batch steps");
    }

    [Fact]
    public void Every_built_in_optimizer_learns_the_digits()
    {
        var data = Datasets.Digits();
        #region AllOptimizers
        Optimizer<float>[] optimizers =
        [
            new Sgd<float>(0.1, momentum: 0.9),
            new Adam<float>(0.01),
            new AdamW<float>(0.01, weightDecay: 0.01),
            new RmsProp<float>(0.01),
            new Adagrad<float>(0.1),
        ];
        #endregion
        foreach (var optimizer in optimizers)
        {
            var model = Mlp();
            model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), optimizer, epochs: 5, seed: 1);
            model.Evaluate(data).Accuracy.Should().BeGreaterThan(0.9, optimizer.GetType().Name);
        }
    }
}
