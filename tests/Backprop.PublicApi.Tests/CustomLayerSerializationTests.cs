using System.Numerics;
using Backprop;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Serialization;

namespace Backprop.PublicApi.Tests;

/// <summary>A user's own layer and activation save and load once registered, from outside the assembly.</summary>
public class CustomLayerSerializationTests
{
    [Fact]
    public void A_registered_custom_layer_and_activation_round_trip_bit_identically()
    {
        var registry = new ModelRegistry();
        registry.Register(new ScaleSerializer());
        registry.Register(ComponentSerializer<Activation>.Create<Cube>("test.cube", (_, _) => { }, _ => new Cube()));
        var model = new Sequential<double>(new Dense<double>(3, new Cube()), new Scale<double>(2.5), new Dense<double>(2));
        model.Build(4, seed: 1);
        ((Scale<double>)model.Layers[1]).Weight.Value.Span.Fill(0.75);
        var x = Tensor2D<double>.FromArray(new double[,] { { 1, -2, 0.5, 3 }, { 0, 1, -1, 2 } });

        using var file = new MemoryStream();
        model.Save(file, registry);
        file.Position = 0;
        var loaded = Sequential<double>.Load(file, new ModelLoadOptions { Registry = registry });

        loaded.Layers[1].Should().BeOfType<Scale<double>>().Which.Factor.Should().Be(2.5);
        loaded.Predict(x).Span.ToArray().Should().Equal(model.Predict(x).Span.ToArray());
    }

    [Fact]
    public void An_unregistered_custom_layer_cannot_be_saved_and_an_unknown_name_cannot_be_loaded()
    {
        var model = new Sequential<double>(new Scale<double>(2));
        model.Build(3, seed: 1);
        model.Invoking(m => m.Save(new MemoryStream())).Should().Throw<NotSupportedException>().WithMessage("*Scale`1 is not registered*LayerSerializer*");

        var registry = new ModelRegistry();
        registry.Register(new ScaleSerializer());
        using var file = new MemoryStream();
        model.Save(file, registry);
        file.Position = 0;
        FluentActions.Invoking(() => Sequential<double>.Load(file))
            .Should().Throw<InvalidDataException>().WithMessage("*the layer type 'test.scale' is not registered*");
    }

    [Fact]
    public void A_name_or_type_can_be_registered_once()
    {
        var registry = new ModelRegistry();
        registry.Register(new ScaleSerializer());
        registry.Invoking(r => r.Register(new ScaleSerializer())).Should().Throw<ArgumentException>().WithMessage("*test.scale*registered already*");
    }

    /// <summary>y = factor · w ⊙ x, with one learnable weight per feature.</summary>
    private sealed class Scale<T>(double factor) : Layer<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private Tensor2D<T>? _input;
        private Tensor2D<T>? _output;
        private Tensor2D<T>? _inputGradient;

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
            _input = input;
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

        protected override Tensor2D<T> BackwardCore(Tensor2D<T> outputGradient)
        {
            var dx = Reuse(ref _inputGradient, outputGradient.Rows, outputGradient.Columns);
            T f = T.CreateTruncating(Factor);
            for (int r = 0; r < outputGradient.Rows; r++)
            {
                for (int c = 0; c < outputGradient.Columns; c++)
                {
                    Weight.Gradient[0, c] += f * _input![r, c] * outputGradient[r, c];
                    dx[r, c] = f * Weight.Value[0, c] * outputGradient[r, c];
                }
            }

            return dx;
        }
    }

    private sealed class ScaleSerializer : LayerSerializer
    {
        public override string TypeName => "test.scale";

        public override Type LayerType => typeof(Scale<>);

        public override void WriteConfig<T>(Layer<T> layer, ComponentConfig config) => config.Set("factor", ((Scale<T>)layer).Factor);

        public override Layer<T> Create<T>(ComponentConfig config) => new Scale<T>(config.GetDouble("factor"));
    }

    /// <summary>f(x) = x³.</summary>
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
        {
            for (int i = 0; i < x.Length; i++)
            {
                dx[i] = T.CreateTruncating(3) * x[i] * x[i] * dy[i];
            }
        }
    }
}
