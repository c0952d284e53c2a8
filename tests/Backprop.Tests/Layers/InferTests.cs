using Backprop.Activations;
using Backprop.Layers;

namespace Backprop.Tests.Layers;

/// <summary>
/// <see cref="Layer{T}.Infer"/>, the path Predict and Evaluate take: the bits of <c>Forward(training: false)</c>, and no
/// trace in the layer — a training step with an Infer call between its forward and backward passes is unchanged.
/// </summary>
public class InferTests
{
    public static TheoryData<string> LayerKinds() =>
    [
        "dense-identity", "dense-relu", "dense-tanh", "dense-softmax", "dense-gelu-no-bias", "activation-softmax", "activation-selu",
        "batchnorm", "layernorm", "dropout", "gaussian-dropout", "alpha-dropout", "gaussian-noise",
    ];

    [Theory]
    [MemberData(nameof(LayerKinds))]
    public void Infer_gives_the_bits_of_an_evaluation_forward_pass(string kind)
    {
        var layer = Create(kind);
        Train(layer);
        foreach (int rows in new[] { 1, 5, 37 })
        {
            var x = TestData.Random(rows, 12, seed: rows).ToFloat();
            var expected = layer.Forward(x, training: false).Span.ToArray();
            var output = new Tensor2D<float>(rows, layer.OutputFeatures);
            output.Fill(float.NaN);
            layer.Infer(x, output, new InferenceScratch<float>());
            output.Span.ToArray().Should().Equal(expected, $"{kind}, {rows} rows");
        }
    }

    [Theory]
    [MemberData(nameof(LayerKinds))]
    public void Infer_between_forward_and_backward_changes_nothing_the_training_step_sees(string kind)
    {
        var x = TestData.Random(9, 12, seed: 3).ToFloat();
        var other = TestData.Random(23, 12, seed: 4).ToFloat();
        var (plainDx, plainGradients) = Step(Create(kind), x, inferBetween: null);
        var (dx, gradients) = Step(Create(kind), x, inferBetween: other);
        dx.Should().Equal(plainDx, kind);
        gradients.Should().Equal(plainGradients, kind);
    }

    [Fact]
    public void A_noise_layer_switched_on_for_inference_draws_noise_through_infer_as_forward_does()
    {
        var layer = new Dropout<float>(0.5, seed: 5);
        layer.Build(12, seed: 0);
        layer.ActiveInInference = true;
        var x = TestData.Random(4, 12, seed: 1).ToFloat();
        var first = new Tensor2D<float>(4, 12);
        var second = new Tensor2D<float>(4, 12);
        layer.Infer(x, first, new InferenceScratch<float>());
        layer.Infer(x, second, new InferenceScratch<float>());
        layer.Step.Should().Be(2, "each call took the next step's mask, as Monte-Carlo dropout needs");
        first.Span.ToArray().Should().NotEqual(second.Span.ToArray());
        first.Span.ToArray().Should().Contain(0f);
    }

    [Fact]
    public void Scratch_buffers_lent_in_one_call_are_distinct_and_reused_by_the_next()
    {
        var scratch = new InferenceScratch<float>();
        var a = scratch.Get(3, 4);
        var b = scratch.Get(2, 2);
        a.Should().NotBeSameAs(b);
        scratch.Reset();
        scratch.Get(5, 4).Should().BeSameAs(a);
        ((Action)(() => scratch.Get(-1, 2))).Should().Throw<ArgumentOutOfRangeException>();
    }

    private static Layer<float> Create(string kind) => kind switch
    {
        "dense-identity" => new Dense<float>(7),
        "dense-relu" => new Dense<float>(7, Activation.ReLU),
        "dense-tanh" => new Dense<float>(7, Activation.Tanh),
        "dense-softmax" => new Dense<float>(7, Activation.Softmax),
        "dense-gelu-no-bias" => new Dense<float>(7, Activation.GELU, useBias: false),
        "activation-softmax" => new ActivationLayer<float>(Activation.Softmax),
        "activation-selu" => new ActivationLayer<float>(Activation.SELU),
        "batchnorm" => new BatchNormalization<float>(momentum: 0.5),
        "layernorm" => new LayerNormalization<float>(),
        "dropout" => new Dropout<float>(0.3),
        "gaussian-dropout" => new GaussianDropout<float>(0.3),
        "alpha-dropout" => new AlphaDropout<float>(0.3),
        "gaussian-noise" => new GaussianNoiseLayer<float>(0.2),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Builds the layer, gives normalization parameters values of their own and moves batch-norm's running statistics.</summary>
    private static void Train(Layer<float> layer)
    {
        layer.Build(12, seed: 1);
        var rng = new Random(2);
        foreach (var p in layer.Parameters)
        {
            if (p.Trainable)
            {
                for (int i = 0; i < p.Length; i++)
                {
                    p.Value.Span[i] += (rng.NextSingle() - 0.5f) * 0.3f;
                }
            }
        }

        for (int i = 0; i < 3; i++)
        {
            layer.Forward(TestData.Random(16, 12, seed: 10 + i, scale: 2).ToFloat(), training: true);
        }
    }

    private static (float[] InputGradient, float[] ParameterGradients) Step(Layer<float> layer, Tensor2D<float> x, Tensor2D<float>? inferBetween)
    {
        Train(layer);
        foreach (var p in layer.Parameters)
        {
            p.ZeroGradient();
        }

        var y = layer.Forward(x, training: true);
        if (inferBetween is not null)
        {
            layer.Infer(inferBetween, new Tensor2D<float>(inferBetween.Rows, layer.OutputFeatures), new InferenceScratch<float>());
        }

        var dy = TestData.Random(y.Rows, y.Columns, seed: 6).ToFloat();
        var dx = layer.Backward(dy).Span.ToArray();
        return (dx, layer.Parameters.SelectMany(p => p.Gradient.Span.ToArray()).ToArray());
    }
}
