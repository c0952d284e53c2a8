using System.Numerics;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;

namespace Backprop.Onnx.Tests;

/// <summary>A layer the exporter does not know: refused by name, or written by the user's converter.</summary>
public sealed class CustomLayerTests
{
    [Fact]
    public void An_unknown_custom_layer_is_refused_with_its_name_and_type_and_the_hook()
    {
        var model = new Sequential<float>(new Dense<float>(8), new Scale<float>(2.0) { Name = "my_scale" }, new Dense<float>(2));
        model.Build(4);

        var act = () => model.ToOnnxBytes();

        act.Should().Throw<NotSupportedException>()
            .WithMessage("*'my_scale'*Scale<Single>*OnnxLayerConverter*typeof(Scale<>)*");
    }

    [Fact]
    public void An_unknown_custom_activation_is_refused_with_its_name()
    {
        var model = new Sequential<float>(new Dense<float>(8, new Cube()) { Name = "cubed" });
        model.Build(4);

        var act = () => model.ToOnnxBytes();

        act.Should().Throw<NotSupportedException>().WithMessage("*activation 'cube'*layer 'cubed'*OnnxLayerConverter*");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void A_converter_writes_a_custom_layer_and_the_model_matches_Predict(int rows)
    {
        var options = new OnnxExportOptions { Converters = [new ScaleConverter()] };
        CheckWithConverter<float>(options, rows);
        CheckWithConverter<double>(options, rows);
    }

    [Fact]
    public void A_converter_is_asked_before_the_built_in_form()
    {
        // A converter for Dense that writes the layer as its transpose-free MatMul + Add: the export must use it.
        var model = new Sequential<float>(new Dense<float>(3));
        model.Build(4);
        var options = new OnnxExportOptions { Converters = [new DenseAsMatMul()] };

        var proto = Backprop.Onnx.Proto.ModelProto.Parser.ParseFrom(model.ToOnnxBytes(options));

        proto.Graph.Node.Select(n => n.OpType).Should().Equal("MatMul", "Add");
        Ort.MaxAbsDiff(model, Ort.Random<float>(5, 4, seed: 1), options).Should().BeLessThanOrEqualTo(Ort.FloatTolerance);
    }

    private static void CheckWithConverter<T>(OnnxExportOptions options, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = new Sequential<T>(new Dense<T>(8, Activation.Tanh), new Scale<T>(2.5), new Dense<T>(3));
        model.Build(6, seed: 4);
        Ort.Fill(((Scale<T>)model.Layers[1]).Weight.Value, seed: 9, -2, 2);

        Ort.MaxAbsDiff(model, Ort.Random<T>(rows, 6, seed: rows), options).Should().BeLessThanOrEqualTo(Ort.Tolerance<T>());
    }

    /// <summary>y = factor · weight ⊙ x, a user's layer.</summary>
    private sealed class Scale<T>(double factor) : Layer<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private Tensor2D<T>? _output;

        public double Factor { get; } = factor;

        public Parameter<T> Weight { get; private set; } = null!;

        public override IReadOnlyList<Parameter<T>> Parameters => [Weight];

        protected override int OnBuild(int inputFeatures, int seed)
        {
            Weight = new Parameter<T>("weight", ParameterRole.Other, 1, inputFeatures);
            Weight.Value.Fill(T.One);
            return inputFeatures;
        }

        protected override Tensor2D<T> ForwardCore(Tensor2D<T> input, bool training)
        {
            var y = Reuse(ref _output, input.Rows, input.Columns);
            T f = T.CreateTruncating(Factor);
            for (int r = 0; r < input.Rows; r++)
            {
                for (int c = 0; c < input.Columns; c++)
                {
                    y[r, c] = f * Weight.Value[0, c] * input[r, c];
                }
            }

            return y;
        }

        protected override Tensor2D<T> BackwardCore(Tensor2D<T> outputGradient) => throw new NotSupportedException();
    }

    /// <summary>The documented hook: the weight as an initializer, the factor as an exact constant, two Mul nodes.</summary>
    private sealed class ScaleConverter : OnnxLayerConverter
    {
        public override Type LayerType => typeof(Scale<>);

        public override string Convert<T>(Layer<T> layer, OnnxGraph graph, string input)
        {
            var scale = (Scale<T>)layer;
            string weighted = graph.AddNode("Mul", [graph.AddConstant("factor", scale.Factor), graph.AddWeight(layer.Name + "/weight", scale.Weight.Value)]);
            return graph.AddNode("Mul", [weighted, input]);
        }
    }

    private sealed class DenseAsMatMul : OnnxLayerConverter
    {
        public override Type LayerType => typeof(Dense<>);

        public override string Convert<T>(Layer<T> layer, OnnxGraph graph, string input)
        {
            var d = (Dense<T>)layer;
            string product = graph.AddNode("MatMul", [input, graph.AddWeight("w", d.Kernel.Value)]);
            return graph.AddNode("Add", [product, graph.AddWeight("b", d.Bias!.Value)]);
        }
    }

    private sealed class Cube : Activation
    {
        public override string Name => "cube";

        public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
        {
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = x[i] * x[i] * x[i];
            }
        }

        public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
            => throw new NotSupportedException();
    }
}
