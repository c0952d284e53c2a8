using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using FluentAssertions;
using Xunit;

namespace Backprop.Tests.Models;

public class SequentialBackwardTests
{
    [Fact]
    public void Backward_parameters_only_accumulates_the_same_gradients_as_backward()
    {
        var x = TestData.Random(9, 5, 1);
        var y = TestData.Random(9, 3, 2);
        var full = Model();
        var partial = Model();
        var loss = new MeanSquaredError<double>();

        loss.Forward(full.Forward(x, training: true), y);
        full.Backward(loss.Backward());
        loss.Forward(partial.Forward(x, training: true), y);
        partial.BackwardParametersOnly(loss.Backward());

        for (int i = 0; i < full.Parameters.Count; i++)
        {
            partial.Parameters[i].Gradient.Span.ToArray().Should().Equal(full.Parameters[i].Gradient.Span.ToArray(), full.Parameters[i].Name);
        }
    }

    [Fact]
    public void A_layer_that_ignores_the_flag_is_still_correct()
    {
        var x = TestData.Random(4, 3, 3);
        var model = new Sequential<double>(new ActivationLayer<double>(Activation.Tanh), new Dense<double>(2));
        model.Build(3, seed: 1);
        var loss = new MeanSquaredError<double>();
        var y = TestData.Random(4, 2, 4);

        loss.Forward(model.Forward(x, training: true), y);
        model.Invoking(m => m.BackwardParametersOnly(loss.Backward())).Should().NotThrow();
        model.Parameters[0].Gradient.Span.ToArray().Should().Contain(v => v != 0);
    }

    [Fact]
    public void A_first_dense_layer_skips_its_input_gradient_only_when_asked()
    {
        var x = TestData.Random(4, 3, 5);
        var dense = new Dense<double>(2);
        dense.Build(3, seed: 1);
        var g = TestData.Random(4, 2, 6);

        dense.Forward(x, training: true);
        var dx = dense.Backward(g).Clone();
        dense.Forward(x, training: true);
        dense.BackwardParametersOnly(g);
        dense.Forward(x, training: true);

        dense.Backward(g).Span.ToArray().Should().Equal(dx.Span.ToArray(), "the flag is reset for the next full Backward");
    }

    private static Sequential<double> Model()
    {
        var model = new Sequential<double>(new Dense<double>(4, Activation.Tanh), new Dense<double>(3));
        model.Build(5, seed: 7);
        return model;
    }
}
