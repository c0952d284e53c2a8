using System.Numerics;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Onnx.Tests;

/// <summary>Trained models on real data: the embedded digits and (one short epoch of) MNIST.</summary>
public sealed class RealDataTests
{
    [Fact]
    public void Trained_digits_model_matches_Predict_in_float_and_gives_the_same_classes() => CheckDigits<float>();

    [Fact]
    public void Trained_digits_model_matches_Predict_in_double() => CheckDigits<double>();

    [Fact]
    public void Mnist_mlp_trained_for_an_epoch_matches_Predict_on_the_test_images()
    {
        string dir = MnistDirectory();
        var test = Mnist.LoadTest<float>(dir);
        var (train, holdout) = test.Split(testFraction: 0.3, seed: 1);

        // The benchmark's MLP-MNIST shape (784-512-256-10), with BatchNorm and Dropout so their inference forms run too.
        var model = new Sequential<float>(
            new Dense<float>(512, Activation.ReLU), new Dropout<float>(0.2),
            new Dense<float>(256), new BatchNormalization<float>(), new ActivationLayer<float>(Activation.ReLU),
            new Dense<float>(10));
        model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001), new FitOptions<float> { Epochs = 1, BatchSize = 128, Seed = 7 });

        foreach (int rows in new[] { 1, 7, 1000 })
        {
            var x = holdout.Subset([.. Enumerable.Range(0, rows)]).Features;
            Ort.MaxAbsDiff(model, x).Should().BeLessThanOrEqualTo(Ort.FloatTolerance, $"batch {rows}");
        }

        var all = holdout.Features;
        var probabilities = Ort.Run(model.ToOnnxBytes(new OnnxExportOptions { AppendSoftmax = true }), all);
        ArgMax(probabilities).Should().Equal(model.PredictClasses(all));
    }

    private static void CheckDigits<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var digits = Datasets.Digits<T>();
        var (train, test) = digits.SplitStratified(testFraction: 0.2, seed: 42);
        var model = new Sequential<T>(new Dense<T>(64, Activation.ReLU), new LayerNormalization<T>(), new Dense<T>(32, Activation.GELU), new Dense<T>(10));
        model.Fit(train, new CategoricalCrossEntropy<T>(fromLogits: true), new Adam<T>(0.003), new FitOptions<T> { Epochs = 5, BatchSize = 32, Seed = 42 });

        var onnx = Ort.Run(model.ToOnnxBytes(), test.Features);
        Ort.MaxAbsDiff(model.Predict(test.Features), onnx).Should().BeLessThanOrEqualTo(Ort.Tolerance<T>());
        ArgMax(onnx).Should().Equal(model.PredictClasses(test.Features));
        foreach (int rows in new[] { 1, 7, 1000 })
        {
            var rowsOf = rows < test.Count ? test : digits;     // 1,000 rows: more than the test split holds
            Ort.MaxAbsDiff(model, rowsOf.Subset([.. Enumerable.Range(0, rows)]).Features).Should().BeLessThanOrEqualTo(Ort.Tolerance<T>(), $"batch {rows}");
        }
    }

    private static int[] ArgMax<T>(Tensor2D<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
        => [.. Enumerable.Range(0, scores.Rows).Select(r => scores.Row(r).IndexOf(System.Numerics.Tensors.TensorPrimitives.Max<T>(scores.Row(r))))];

    private static string MnistDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "data", "mnist");
            if (File.Exists(Path.Combine(candidate, Mnist.TestImagesFile)))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/data/mnist not found above the test binaries.");
    }
}
