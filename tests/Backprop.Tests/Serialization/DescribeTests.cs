using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Serialization;

namespace Backprop.Tests.Serialization;

/// <summary>The architecture description exporters read: <c>ModelRegistry.Describe</c> and <c>model.ToJson</c>.</summary>
public class DescribeTests
{
    [Fact]
    public void Describe_gives_an_activation_its_registered_name_and_hyper_parameters()
    {
        var (name, config) = ModelRegistry.Default.Describe(Activation.LeakyReLU(0.13));
        name.Should().Be("leaky_relu");
        config.GetDouble("alpha").Should().Be(0.13);

        var (gelu, geluConfig) = ModelRegistry.Default.Describe(Activation.GELUTanh);
        gelu.Should().Be("gelu");
        geluConfig.GetBoolean("approximate_tanh").Should().BeTrue();
        ModelRegistry.Default.Describe(Activation.ReLU).TypeName.Should().Be("relu");
    }

    [Fact]
    public void Describe_refuses_an_unregistered_component_by_name()
    {
        var act = () => ModelRegistry.Default.Describe<Activation>(new Unregistered());

        act.Should().Throw<NotSupportedException>().WithMessage("*Unregistered is not registered*");
    }

    [Fact]
    public void ToJson_is_the_architecture_the_model_file_stores()
    {
        var model = ModelFiles.EveryLayer<float>();
        byte[] bytes = ModelFiles.Bytes(model);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)n))!.AsObject();

        model.ToJson().Should().Be(header["__metadata__"]!["architecture"]!.GetValue<string>());
    }

    [Fact]
    public void ToJson_of_an_unbuilt_model_is_refused()
    {
        var act = () => new Sequential<float>(new Dense<float>(2)).ToJson();

        act.Should().Throw<InvalidOperationException>().WithMessage("*not built*");
    }

    private sealed class Unregistered : Activation
    {
        public override string Name => "unregistered";

        public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns) => x.CopyTo(y);

        public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns) => dy.CopyTo(dx);
    }
}
