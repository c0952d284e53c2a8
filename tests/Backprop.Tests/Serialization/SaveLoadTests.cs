using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Serialization;

namespace Backprop.Tests.Serialization;

public class SaveLoadTests
{
    [Fact]
    public void A_trained_float_model_with_every_layer_type_predicts_bit_identically_after_load() => RoundTrip<float>();

    [Fact]
    public void A_trained_double_model_with_every_layer_type_predicts_bit_identically_after_load() => RoundTrip<double>();

    [Fact]
    public void The_file_is_safetensors_with_the_parameters_as_named_little_endian_tensors()
    {
        var model = ModelFiles.EveryLayer<float>();
        byte[] bytes = ModelFiles.Bytes(model);

        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)n))!.AsObject();
        var kernel = header["dense/kernel"]!;
        var metadata = header["__metadata__"]!;

        kernel["dtype"]!.GetValue<string>().Should().Be("F32");
        kernel["shape"]!.AsArray().Select(d => d!.GetValue<long>()).Should().Equal(5, 7);
        long begin = kernel["data_offsets"]![0]!.GetValue<long>();
        BitConverter.ToSingle(bytes, 8 + (int)n + (int)begin).Should().Be(model.Parameters[0].Value[0, 0]);
        metadata["format"]!.GetValue<string>().Should().Be("backprop");
        metadata["format_version"]!.GetValue<string>().Should().Be("1");
        metadata["checksum"]!.GetValue<string>().Should().StartWith("xxh3:");
        JsonNode.Parse(metadata["architecture"]!.GetValue<string>())!["layers"]!.AsArray().Should().HaveCount(model.Layers.Count);
        ((8 + (long)n) % 8).Should().Be(0, "the data section is 8-byte aligned like the reference writer's");
        (bytes.Length - 8 - (long)n).Should().Be(model.Parameters.Sum(p => (long)p.Length) * 4);
    }

    [Fact]
    public void Frozen_flags_names_and_hyper_parameters_survive()
    {
        var model = ModelFiles.EveryLayer<double>();
        model.Layers[0].Parameters[1].Trainable = false;
        var loaded = ModelFiles.FromBytes<double>(ModelFiles.Bytes(model));

        loaded.Layers.Select(l => l.Name).Should().Equal(model.Layers.Select(l => l.Name));
        loaded.Parameters.Select(p => (p.Name, p.Trainable, p.Role)).Should().Equal(model.Parameters.Select(p => (p.Name, p.Trainable, p.Role)));
        var dense = (Dense<double>)loaded.Layers[0];
        dense.KernelRegularizer.Should().BeOfType<Backprop.Regularization.L2>().Which.Lambda.Should().Be(1e-3);
        dense.ActivityRegularizer.Should().BeOfType<Backprop.Regularization.L1L2>().Which.L2Factor.Should().Be(2e-5);
        dense.Activation.Should().BeSameAs(Activation.ReLU, "shared activations load as the shared instance, keeping Dense's fused path");
        ((Dropout<double>)loaded.Layers[2]).Seed.Should().Be(((Dropout<double>)model.Layers[2]).Seed);
        ((BatchNormalization<double>)loaded.Layers[1]).Momentum.Should().Be(0.9);
    }

    [Fact]
    public void Saving_to_a_path_replaces_the_file_and_leaves_no_temporary_file()
    {
        string folder = Directory.CreateTempSubdirectory("backprop-save").FullName;
        try
        {
            string path = Path.Combine(folder, "model.safetensors");
            var first = ModelFiles.EveryLayer<float>(seed: 1);
            var second = ModelFiles.EveryLayer<float>(seed: 2);
            first.Save(path);
            second.Save(path);

            Directory.GetFiles(folder).Should().Equal(path);
            Sequential<float>.Load(path).Parameters[0].Value.Span.ToArray().Should().Equal(second.Parameters[0].Value.Span.ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Saving_into_a_missing_folder_names_the_file_asked_for_not_the_temporary_one()
    {
        string path = Path.Combine(Path.GetTempPath(), $"backprop-no-such-{Guid.NewGuid():N}", "m.safetensors");
        var model = ModelFiles.EveryLayer<float>(seed: 1);

        var save = () => model.Save(path);
        var weights = () => model.SaveWeights(path);

        save.Should().Throw<DirectoryNotFoundException>().WithMessage($"Cannot write '{path}': its folder*does not exist*")
            .Which.Message.Should().NotContain(".tmp");
        weights.Should().Throw<DirectoryNotFoundException>().WithMessage($"Cannot write '{path}'*");
    }

    [Fact]
    public void An_unbuilt_model_cannot_be_saved()
    {
        var model = new Sequential<float>(new Dense<float>(3));
        model.Invoking(m => m.Save(new MemoryStream())).Should().Throw<InvalidOperationException>().WithMessage("*not built*cannot be saved*");
    }

    [Fact]
    public void A_float_file_loaded_as_double_names_the_mismatch()
    {
        byte[] bytes = ModelFiles.Bytes(ModelFiles.EveryLayer<float>());
        FluentActions.Invoking(() => ModelFiles.FromBytes<double>(bytes))
            .Should().Throw<InvalidDataException>().WithMessage("*F32 weights but is loaded as Double*");
    }

    private static void RoundTrip<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = ModelFiles.EveryLayer<T>();
        ModelFiles.Train(model);
        var x = ModelFiles.Features<T>(23, model.InputFeatures, 9);
        var before = model.Predict(x).Span.ToArray();

        var loaded = ModelFiles.FromBytes<T>(ModelFiles.Bytes(model));

        loaded.Predict(x).Span.ToArray().Should().Equal(before);
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            loaded.Parameters[i].Value.Span.ToArray().Should().Equal(model.Parameters[i].Value.Span.ToArray(), model.Parameters[i].Name);
        }
    }
}
