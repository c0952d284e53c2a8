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
    public void PredictClasses_of_a_one_output_model_reads_logits_at_0_and_probabilities_at_05_like_the_accuracy()
    {
        // A logit model read at the old fixed 0.5 disagreed with its own Evaluate accuracy (breast cancer: 0.854 vs 0.959).
        var (rawTrain, rawTest) = Datasets.BreastCancer<float>().SplitStratified(0.3, seed: 3);
        var scaler = new StandardScaler<float>().Fit(rawTrain);
        var train = scaler.Transform(rawTrain);
        var test = scaler.Transform(rawTest);
        var logits = new Sequential<float>(new Dense<float>(1));
        var probabilities = new Sequential<float>(new Dense<float>(1, Activation.Sigmoid));
        logits.Fit(train, new BinaryCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001), epochs: 3, batchSize: 32, seed: 1);
        probabilities.Fit(train, new BinaryCrossEntropy<float>(), new Adam<float>(0.001), epochs: 3, batchSize: 32, seed: 1);
        int[] truth = test.ClassLabels();

        foreach (var (model, loss) in new[] { (logits, new BinaryCrossEntropy<float>(fromLogits: true)), (probabilities, new BinaryCrossEntropy<float>()) })
        {
            int[] predicted = model.PredictClasses(test.Features);
            double agreement = predicted.Zip(truth).Average(p => p.First == p.Second ? 1.0 : 0.0);
            agreement.Should().Be(model.Evaluate(test, loss).Accuracy);
        }

        logits.PredictClasses(test.Features).Should().Equal(logits.PredictClasses(test.Features, threshold: 0));
        logits.PredictClasses(test.Features).Should().NotEqual(logits.PredictClasses(test.Features, threshold: 0.5), "the data must tell the thresholds apart");
        probabilities.PredictClasses(test.Features).Should().Equal(probabilities.PredictClasses(test.Features, threshold: 0.5));
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
