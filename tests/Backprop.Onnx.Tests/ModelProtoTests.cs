using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;

namespace Backprop.Onnx.Tests;

/// <summary>What the file says about itself: versions, metadata, shapes, the chosen operators, atomic writes.</summary>
public sealed class ModelProtoTests
{
    [Fact]
    public void The_file_carries_producer_metadata_and_the_architecture_ONNX_Runtime_reads()
    {
        var model = new Sequential<float>(new Dense<float>(8, Activation.ReLU) { Name = "hidden" }, new Dense<float>(3) { Name = "logits" });
        model.Build(4);

        using var session = new InferenceSession(model.ToOnnxBytes());
        var meta = session.ModelMetadata;

        meta.ProducerName.Should().Be("Backprop.Onnx");
        meta.Version.Should().Be(1);
        meta.Description.Should().Contain("Sequential<Single>").And.Contain("4 → 3");
        meta.GraphDescription.Should().Contain("hidden").And.Contain("logits");
        meta.CustomMetadataMap.Should().ContainKey("backprop.library_version");
        meta.CustomMetadataMap["backprop.element_type"].Should().Be("single");
        meta.CustomMetadataMap["backprop.architecture"].Should().Be(model.ToJson());
    }

    [Fact]
    public void Dense_is_one_Gemm_with_the_bias_and_the_activation_after_it()
    {
        var model = new Sequential<float>(new Dense<float>(8, Activation.ReLU), new Dropout<float>(0.5), new Dense<float>(3, useBias: false));
        model.Build(4);

        var graph = ModelProto.Parser.ParseFrom(model.ToOnnxBytes()).Graph;

        graph.Node.Select(n => n.OpType).Should().Equal("Gemm", "Relu", "Gemm");
        graph.Node[0].Input.Should().HaveCount(3);
        graph.Node[2].Input.Should().HaveCount(2);
        graph.Node[^1].Output.Single().Should().Be("output");
        graph.Input.Single().Type.TensorType.Shape.Dim[0].DimParam.Should().Be("batch");
        graph.Input.Single().Type.TensorType.Shape.Dim[1].DimValue.Should().Be(4);
    }

    [Fact]
    public void A_model_of_identity_layers_only_still_has_its_output()
    {
        var model = new Sequential<double>(new Dropout<double>(0.2), new ActivationLayer<double>(Activation.Identity));
        model.Build(3);
        var x = Ort.Random<double>(4, 3, seed: 1);

        Ort.MaxAbsDiff(model, x).Should().Be(0);
    }

    [Fact]
    public void Exporting_into_a_missing_folder_names_the_file_asked_for()
    {
        string path = Path.Combine(Path.GetTempPath(), $"onnx-no-such-{Guid.NewGuid():N}", "m.onnx");

        var export = () => LayerExportTests.DenseModel<float>("tanh").ExportOnnx(path);

        export.Should().Throw<DirectoryNotFoundException>().WithMessage($"Cannot write '{path}': its folder*does not exist*")
            .Which.Message.Should().NotContain(".tmp");
    }

    [Fact]
    public void Exporting_to_a_path_replaces_the_file_whole_and_leaves_nothing_else()
    {
        var dir = Directory.CreateTempSubdirectory("onnx-export");
        try
        {
            string path = Path.Combine(dir.FullName, "m.onnx");
            File.WriteAllText(path, "old");
            var model = LayerExportTests.DenseModel<float>("tanh");

            model.ExportOnnx(path);

            File.ReadAllBytes(path).Should().Equal(model.ToOnnxBytes());
            Directory.GetFiles(dir.FullName).Should().ContainSingle();
            var bad = () => new Sequential<float>(new Dense<float>(2)).ExportOnnx(path);
            bad.Should().Throw<InvalidOperationException>();
            File.ReadAllBytes(path).Should().Equal(model.ToOnnxBytes(), "a failed export leaves the previous file");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Export_to_a_stream_writes_the_same_bytes()
    {
        var model = LayerExportTests.DenseModel<double>("elu");
        using var stream = new MemoryStream();

        model.ExportOnnx(stream, new OnnxExportOptions());

        stream.ToArray().Should().Equal(model.ToOnnxBytes());
    }
}
