using System.Globalization;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Models;
using Backprop.Metrics;

namespace Backprop.Tests.Training;

public class EndToEndTests
{
    [Fact]
    public void Xor_is_learned_to_100_percent()
    {
        float[,] x = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
        int[] y = [0, 1, 1, 0];
        var model = new Sequential<float>(new Dense<float>(8, Activation.Tanh), new Dense<float>(2));

        model.Fit(x, y, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.05), new() { Epochs = 300, BatchSize = 4, Seed = 1 });

        model.PredictClasses(Tensor2D<float>.FromArray(x)).Should().Equal(y);
    }

    [Fact]
    public void Digits_reach_97_percent_on_a_stratified_80_20_split()
    {
        var (train, test) = Datasets.Digits().SplitStratified(0.2, seed: 42);
        var model = new Sequential<float>(new Dense<float>(128, Activation.ReLU), new Dense<float>(64, Activation.ReLU), new Dense<float>(10));

        model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001), epochs: 60, batchSize: 32, seed: 42);
        double accuracy = model.Evaluate(test).Accuracy;

        accuracy.Should().BeGreaterThanOrEqualTo(0.97, accuracy.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Same_seed_gives_bit_identical_weights()
    {
        float[] Train()
        {
            var data = Datasets.Digits();
            var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
            model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Sgd<float>(0.05, momentum: 0.9), epochs: 2, seed: 7);
            return model.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        }

        Train().Should().Equal(Train());
    }
}
