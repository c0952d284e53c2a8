using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Regularization;
using Backprop.Models;

namespace Backprop.Tests.Regularization;

public class CoupledVersusDecoupledTests
{
    private static double[] Train(Backprop.Optimizers.Optimizer<double> optimizer, Regularizer? l2)
    {
        var model = new Sequential<double>(new Dense<double>(3, kernelRegularizer: l2));
        model.Build(4, seed: 1);
        var loss = new Backprop.Losses.MeanSquaredError<double>();
        var x = TestData.Random(8, 4, seed: 2);
        var y = TestData.Random(8, 3, seed: 3);
        for (int i = 0; i < 20; i++)
        {
            loss.Forward(model.Forward(x, training: true), y);
            model.Backward(loss.Backward());
            optimizer.Step(model.Parameters);
        }

        return model.Parameters[0].Value.Span.ToArray();
    }

    [Fact]
    public void With_plain_sgd_coupled_L2_lambda_equals_decoupled_decay_two_lambda()
    {
        var coupled = Train(new Sgd<double>(0.1), new L2(0.05));
        var decoupled = Train(new Sgd<double>(0.1, weightDecay: 0.1), null);
        for (int i = 0; i < coupled.Length; i++)
        {
            coupled[i].Should().BeApproximately(decoupled[i], 1e-12);
        }
    }

    [Fact]
    public void With_adam_coupled_L2_and_decoupled_decay_differ()
    {
        var coupled = Train(new Adam<double>(0.01), new L2(0.05));
        var decoupled = Train(new Adam<double>(0.01, weightDecay: 0.1), null);
        coupled.Zip(decoupled, (a, b) => Math.Abs(a - b)).Max().Should().BeGreaterThan(1e-3);
    }
}
