using System.Numerics;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;

namespace Backprop.Onnx.Tests;

/// <summary>Opset, names, the appended softmax and float16 weights, each run in ONNX Runtime.</summary>
public sealed class OptionsTests
{
    public static TheoryData<int> Opsets => [17, 18, 19, 20, 21, 22, 23];

    [Theory]
    [MemberData(nameof(Opsets))]
    public void Every_opset_loads_and_matches_in_float_and_double(int opset)
    {
        // Every activation and layer, so the opset-dependent forms (Gelu from 20, ReduceMean's axes input from 18) run.
        var options = new OnnxExportOptions { Opset = opset };
        foreach (string activation in new[] { "gelu", "gelu_tanh", "relu" })
        {
            Ort.MaxAbsDiff(LayerExportTests.DenseModel<float>(activation), Ort.Random<float>(7, 12, 1), options).Should().BeLessThanOrEqualTo(Ort.FloatTolerance, activation);
            Ort.MaxAbsDiff(LayerExportTests.DenseModel<double>(activation), Ort.Random<double>(7, 12, 1), options).Should().BeLessThanOrEqualTo(Ort.DoubleTolerance, activation);
        }

        Ort.MaxAbsDiff(LayerExportTests.LayerModel<double>("layer_norm"), Ort.Random<double>(7, 12, 2), options).Should().BeLessThanOrEqualTo(Ort.DoubleTolerance);
        var proto = ModelProto.Parser.ParseFrom(LayerExportTests.DenseModel<float>("gelu").ToOnnxBytes(options));
        proto.OpsetImport.Single().Version.Should().Be(opset);
        proto.IrVersion.Should().Be(opset switch { <= 18 => 8, <= 20 => 9, <= 22 => 10, _ => 11 });
        proto.Graph.Node.Any(n => n.OpType == "Gelu").Should().Be(opset >= 20);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    public void An_opset_outside_the_supported_range_is_refused(int opset)
    {
        var act = () => LayerExportTests.DenseModel<float>("relu").ToOnnxBytes(new OnnxExportOptions { Opset = opset });

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*'Opset' must be in [17, 23]; got {opset}.*");
    }

    [Fact]
    public void Input_and_output_names_are_the_given_ones()
    {
        var options = new OnnxExportOptions { InputName = "pixels", OutputName = "scores" };
        using var session = new InferenceSession(LayerExportTests.DenseModel<float>("relu").ToOnnxBytes(options));

        session.InputMetadata.Keys.Should().Equal("pixels");
        session.OutputMetadata.Keys.Should().Equal("scores");
        session.InputMetadata["pixels"].Dimensions.Should().Equal(-1, 12);
        session.OutputMetadata["scores"].Dimensions.Should().Equal(-1, 5);
    }

    [Fact]
    public void The_same_input_and_output_name_is_refused()
    {
        var act = () => LayerExportTests.DenseModel<float>("relu").ToOnnxBytes(new OnnxExportOptions { InputName = "x", OutputName = "x" });

        act.Should().Throw<ArgumentException>().WithMessage("*'OutputName' must differ*");
    }

    [Fact]
    public void AppendSoftmax_turns_logits_into_the_probabilities_of_a_softmax_model()
    {
        var logits = LayerExportTests.DenseModel<float>("identity");
        var x = Ort.Random<float>(7, 12, seed: 3);
        var expected = logits.Predict(x);
        Activation.Softmax.Forward<float>(expected.Span, expected.Span, expected.Columns);

        var probabilities = Ort.Run(logits.ToOnnxBytes(new OnnxExportOptions { AppendSoftmax = true }), x);

        Ort.MaxAbsDiff(expected, probabilities).Should().BeLessThanOrEqualTo(Ort.FloatTolerance);
        Ort.MaxAbsDiff(logits.Predict(x), probabilities).Should().BeGreaterThan(0.01, "the output changed from logits to probabilities");
    }

    [Fact]
    public void AppendSoftmax_on_a_model_ending_in_softmax_is_refused()
    {
        var act = () => LayerExportTests.DenseModel<float>("softmax").ToOnnxBytes(new OnnxExportOptions { AppendSoftmax = true });

        act.Should().Throw<InvalidOperationException>().WithMessage("*ends in a softmax already*");
    }

    [Theory]
    [InlineData("batch_norm")]
    [InlineData("layer_norm")]
    [InlineData("dense_no_bias")]
    public void Float16_weights_give_the_model_with_weights_rounded_to_half(string layers)
    {
        Check<float>(layers);
        Check<double>(layers);

        static void Check<T>(string layers)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var model = LayerExportTests.LayerModel<T>(layers);
            byte[] onnx = model.ToOnnxBytes(new OnnxExportOptions { Float16Weights = true });
            var weights = ModelProto.Parser.ParseFrom(onnx).Graph.Initializer.Where(t => t.Dims.Count > 0).ToList();
            weights.Should().NotBeEmpty().And.OnlyContain(t => t.DataType == (int)TensorProto.Types.DataType.Float16);

            // The reference: the same model with each parameter rounded to float16 (BatchNorm's folded scale is
            // rounded after folding, so compare that layer at float16's precision instead).
            var x = Ort.Random<T>(50, 12, seed: 8);
            var exact = model.Predict(x);
            foreach (var p in model.Parameters)
            {
                var s = p.Value.Span;
                for (int i = 0; i < s.Length; i++)
                {
                    s[i] = T.CreateTruncating((double)Half.CreateTruncating(s[i]));
                }
            }

            var actual = Ort.Run(onnx, x);
            double tolerance = layers == "batch_norm" ? 1e-2 : Ort.Tolerance<T>() * 10;
            Ort.MaxAbsDiff(model.Predict(x), actual).Should().BeLessThanOrEqualTo(tolerance);
            Ort.MaxAbsDiff(exact, actual).Should().BeGreaterThan(0, "the weights did change");
        }
    }

    [Fact]
    public void An_unbuilt_model_is_refused()
    {
        var act = () => new Sequential<float>(new Dense<float>(3)).ToOnnxBytes();

        act.Should().Throw<InvalidOperationException>().WithMessage("*not built*");
    }
}
