using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Models;

namespace Backprop.PublicApi.Tests;

/// <summary>The README's quickstart, verbatim except for fewer epochs, so the front page cannot drift from the API.</summary>
public class ReadmeQuickstartTests
{
    [Fact]
    public void The_readme_quickstart_compiles_and_trains()
    {
        var (train, test) = Datasets.Digits().SplitStratified(testFraction: 0.2, seed: 42);
        var model = new Sequential<float>(
            new Dense<float>(128, Activation.ReLU),
            new Dense<float>(10));                                   // logits; input size inferred at first use
        var history = model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001),
            epochs: 3, batchSize: 32, validationSplit: 0.1, seed: 42);

        history.Epochs.Should().HaveCount(3);
        history.Epochs[^1].Contains("val_accuracy").Should().BeTrue();
        model.Evaluate(test).Accuracy.Should().BeGreaterThan(0.8, "three epochs already learn most digits");
    }

    [Fact]
    public void The_readme_serving_handler_compiles_and_answers_many_requests_at_once()
    {
        var path = Path.Combine(Path.GetTempPath(), $"serving-{Guid.NewGuid():N}.safetensors");
        var trained = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
        trained.Fit(Datasets.Digits(), new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 2, seed: 1);
        trained.Save(path);
        try
        {
            // The README's handler, without ASP.NET: one model loaded once, a request is a float[] of features.
            var model = Sequential<float>.Load(path);
            float[] Handle(float[] features)
            {
                var scores = new float[model.OutputFeatures];
                model.Predict(features, scores);      // one row: safe on every request thread at once, allocates nothing
                return scores;
            }

            var digits = Datasets.Digits();
            var requests = Enumerable.Range(0, 400).Select(i => digits.Features.Row(i % digits.Count).ToArray()).ToArray();
            var expected = requests.Select(r => trained.Predict(new Tensor2D<float>(1, r.Length, r)).Span.ToArray()).ToArray();
            var answers = new float[requests.Length][];
            Parallel.For(0, requests.Length, i => answers[i] = Handle(requests[i]));
            for (int i = 0; i < requests.Length; i++)
            {
                answers[i].Should().Equal(expected[i], $"request {i}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_readme_step_by_step_loop_compiles_and_lowers_the_loss()
    {
        var data = Datasets.Digits();
        var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
        var lossFn = new CategoricalCrossEntropy<float>(fromLogits: true);
        var optimizer = new Adam<float>(0.01);
        var x = data.Features;
        var y = data.Targets;
        float first = 0, last = 0;

        for (int step = 0; step < 20; step++)
        {
            var logits = model.Forward(x, training: true);   // forward
            var loss = lossFn.Forward(logits, y);            // loss value; gradient kept inside the loss
            model.Backward(lossFn.Backward());               // chain rule, layer by layer, gradients accumulate
            optimizer.Step(model.Parameters);                // update, then zero the gradients
            (first, last) = (step == 0 ? loss : first, loss);
        }

        last.Should().BeLessThan(first / 2);
    }
}
