using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;

namespace Backprop.Tests.Serialization;

/// <summary>SaveWeights/LoadWeights: a weights-only safetensors file that loads, all or nothing, into a model built the same way.</summary>
public class WeightsFileTests
{
    [Fact]
    public void Weights_round_trip_bit_identically_into_a_model_built_the_same_way()
    {
        using var folder = new TempFolder("backprop-weights");
        var model = ModelFiles.EveryLayer<double>();
        ModelFiles.Train(model);
        model.SaveWeights(folder["w.safetensors"]);

        var other = ModelFiles.EveryLayer<double>(seed: 77);
        other.LoadWeights(folder["w.safetensors"]);

        Flat(other).Should().Equal(Flat(model));
        var x = ModelFiles.Features<double>(4, 5, seed: 2);
        other.Predict(x).Span.ToArray().Should().Equal(model.Predict(x).Span.ToArray());
    }

    [Fact]
    public void Load_weights_reads_the_parameters_of_a_model_file_too()
    {
        using var folder = new TempFolder("backprop-weights");
        var model = ModelFiles.EveryLayer<float>();
        model.Save(folder["m.safetensors"]);
        var other = ModelFiles.EveryLayer<float>(seed: 8);

        other.LoadWeights(folder["m.safetensors"]);

        Flat(other).Should().Equal(Flat(model));
    }

    [Fact]
    public void A_file_that_does_not_fit_the_model_is_refused_and_the_weights_stay()
    {
        using var folder = new TempFolder("backprop-weights");
        var small = Mlp(hidden: 4);
        small.SaveWeights(folder["w.safetensors"]);

        Refused(Mlp(hidden: 5), "*tensor 'dense/kernel' has shape [3, 4] but the model's parameter is [3, 5]*");
        Refused(new Sequential<float>(new Dense<float>(4, Activation.ReLU), new Dense<float>(2), new Dense<float>(2)), "*parameter 'dense_2/kernel' but the file has no tensor of that name*");
        Refused(new Sequential<float>(new Dense<float>(4, Activation.ReLU)), "The file's weights do not fit this model: tensor 'dense_1/kernel' belongs to no parameter of the model.");

        var bytes = File.ReadAllBytes(folder["w.safetensors"]);
        bytes[^3] ^= 1;
        File.WriteAllBytes(folder["w.safetensors"], bytes);
        Refused(Mlp(hidden: 4), "*checksum does not match*");

        var asDouble = new Sequential<double>(new Dense<double>(4, Activation.ReLU), new Dense<double>(2));
        asDouble.Build(3);
        small.SaveWeights(folder["w.safetensors"]);
        FluentActions.Invoking(() => asDouble.LoadWeights(folder["w.safetensors"])).Should().Throw<InvalidDataException>().WithMessage("*holds F32 weights but is loaded as Double*");

        void Refused(Sequential<float> model, string message)
        {
            if (!model.IsBuilt)
            {
                model.Build(3, seed: 5);
            }

            var before = Flat(model);
            FluentActions.Invoking(() => model.LoadWeights(folder["w.safetensors"])).Should().Throw<InvalidDataException>().WithMessage(message);
            Flat(model).Should().Equal(before, "loading is all or nothing");
        }
    }

    [Fact]
    public void An_unbuilt_model_cannot_take_weights_or_save_them()
    {
        using var folder = new TempFolder("backprop-weights");
        Mlp(hidden: 4).SaveWeights(folder["w.safetensors"]);
        var model = new Sequential<float>(new Dense<float>(4, Activation.ReLU), new Dense<float>(2));
        FluentActions.Invoking(() => model.LoadWeights(folder["w.safetensors"])).Should().Throw<InvalidOperationException>().WithMessage("*not built*");
        FluentActions.Invoking(() => model.SaveWeights(folder["x.safetensors"])).Should().Throw<InvalidOperationException>().WithMessage("*not built*");
    }

    private static Sequential<float> Mlp(int hidden)
    {
        var model = new Sequential<float>(new Dense<float>(hidden, Activation.ReLU), new Dense<float>(2));
        model.Build(3, seed: 1);
        return model;
    }

    private static double[] Flat<T>(Sequential<T> model)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => [.. model.Parameters.SelectMany(p => p.Value.Span.ToArray()).Select(v => double.CreateTruncating(v))];
}
