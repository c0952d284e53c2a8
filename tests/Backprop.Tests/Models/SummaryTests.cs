using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;

namespace Backprop.Tests.Models;

/// <summary>Summary() prints Keras's table: name (type), output shape, params, and the trainable split with sizes.</summary>
public class SummaryTests
{
    [Fact]
    public void Summary_is_the_keras_table_with_trainable_and_non_trainable_totals()
    {
        var model = new Sequential<float>(
            new Dense<float>(64, Activation.ReLU),
            new BatchNormalization<float>(),
            new Dropout<float>(0.5),
            new Dense<float>(10));
        model.Build(784, seed: 1);
        model.Layers[3].Parameters[1].Trainable = false;   // a frozen bias counts as non-trainable, as in Keras

        // Hand-computed: Dense 784·64 + 64 = 50,240; BatchNormalization γ, β (128, trainable) and moving mean and
        // variance (128, not trainable); Dense 64·10 + 10 = 650, of which the 10 frozen biases are not trainable.
        // Sizes are 4 bytes per float, 1 KB = 1024 B: 51,146·4 = 204,584 B = 199.79 KB.
        string expected = string.Join('\n',
            "Model: \"sequential\"",
            "_______________________________________________________________________________",
            " Layer (type)                             Output Shape                  Param #",
            "===============================================================================",
            " dense (Dense)                            (None, 64)                     50,240",
            string.Empty,
            " batchnormalization (BatchNormalization)  (None, 64)                        256",
            string.Empty,
            " dropout (Dropout)                        (None, 64)                          0",
            string.Empty,
            " dense_1 (Dense)                          (None, 10)                        650",
            "===============================================================================",
            " Total params: 51,146 (199.79 KB)",
            " Trainable params: 51,008 (199.25 KB)",
            " Non-trainable params: 138 (552.00 B)",
            "_______________________________________________________________________________");
        model.Summary().Should().Be(expected);
    }

    [Fact]
    public void An_unbuilt_model_shows_unknown_shapes_and_double_sizes_are_eight_bytes()
    {
        var model = new Sequential<double>(new Dense<double>(3), new Dense<double>(1));
        model.Summary().Should().Contain(" dense (Dense)               ?                         0 (unbuilt)")
            .And.Contain(" Total params: 0 (0.00 B)");
        model.Build(1000, seed: 1);
        model.Summary().Should().Contain(" Total params: 3,007 (23.49 KB)").And.Contain(" Non-trainable params: 0 (0.00 B)");
    }

    [Theory]
    [InlineData(0L, "0.00 B")]
    [InlineData(1023L, "1023.00 B")]
    [InlineData(1024L, "1.00 KB")]
    [InlineData(3L << 20, "3.00 MB")]
    [InlineData(5L << 30, "5.00 GB")]
    public void Sizes_step_by_1024_as_keras_prints_them(long bytes, string text)
        => ModelSummary.Bytes(bytes).Should().Be(text);
}
