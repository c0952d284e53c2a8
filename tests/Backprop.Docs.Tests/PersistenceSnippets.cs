using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Serialization;
using static Backprop.Docs.Tests.LayersSnippets;

namespace Backprop.Docs.Tests;

/// <summary>docs/persistence.md.</summary>
[Collection(CurrentDirectory.Collection)]
public sealed class PersistenceSnippets : InTemporaryDirectory
{
    private static readonly Dataset<float> Digits = Datasets.Digits();

    public PersistenceSnippets()
        : base("docs-persistence-")
    {
    }

    [Fact]
    public void A_saved_model_loads_with_bit_identical_predictions()
    {
        var model = DigitsModels.Trained();
        #region SaveLoad
        model.Save("digits.safetensors");                        // atomic: temp file in the same folder, flushed, renamed over
        var same = Sequential<float>.Load("digits.safetensors"); // predictions bit-identical to the saved model's, in any process
        #endregion

        same.Predict(Digits.Features).Span.ToArray().Should().Equal(model.Predict(Digits.Features).Span.ToArray());
        same.Summary().Should().Be(model.Summary());
    }

    [Fact]
    public void Weights_only_files_load_into_a_model_built_the_same_way()
    {
        var model = DigitsModels.Trained();
        #region WeightsOnly
        model.SaveWeights("digits.weights.safetensors");         // parameters, metadata and checksum; no architecture
        var copy = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dropout<float>(0.1), new Dense<float>(10));
        copy.Build(inputFeatures: 64);
        copy.LoadWeights("digits.weights.safetensors");          // all or nothing: a mismatch changes no weight
        #endregion

        copy.Predict(Digits.Features).Span.ToArray().Should().Equal(model.Predict(Digits.Features).Span.ToArray());
        var wrong = new Sequential<float>(new Dense<float>(16), new Dense<float>(10));
        wrong.Build(64);
        wrong.Invoking(w => w.LoadWeights("digits.weights.safetensors")).Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void A_corrupt_file_is_refused_with_a_message_that_names_the_problem()
    {
        DigitsModels.Trained().Save("digits.safetensors");
        #region CorruptFile
        var bytes = File.ReadAllBytes("digits.safetensors");
        bytes[^1] ^= 0x01;                                       // one flipped bit in the last weight
        File.WriteAllBytes("flipped.safetensors", bytes);
        try
        {
            Sequential<float>.Load("flipped.safetensors");
        }
        catch (InvalidDataException e)
        {
            Console.WriteLine(e.Message);                        // names the file and says the checksum does not match
        }
        #endregion

        FluentActions.Invoking(() => Sequential<float>.Load("flipped.safetensors"))
            .Should().Throw<InvalidDataException>().WithMessage("*checksum*");
    }

    #region CustomSerializer
    /// <summary>Writes and reads the <c>Scale</c> layer of docs/layers.md under a stable name of its own.</summary>
    public sealed class ScaleSerializer : LayerSerializer
    {
        public override string TypeName => "myapp.scale";

        public override Type LayerType => typeof(Scale<>);

        public override void WriteConfig<T>(Layer<T> layer, ComponentConfig config) { }   // no hyper-parameters

        public override Layer<T> Create<T>(ComponentConfig config) => new Scale<T>();
    }
    #endregion

    [Fact]
    public void A_custom_layer_is_saved_and_loaded_through_its_registered_serializer()
    {
        var model = new Sequential<float>(new Scale<float>(), new Dense<float>(10));
        model.Fit(Digits, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 1, seed: 1);
        #region RegisterCustom
        var registry = new ModelRegistry();                      // the built-in types, plus what you register
        registry.Register(new ScaleSerializer());                // or ModelRegistry.Default.Register(...) once at start-up
        model.Save("scaled.safetensors", registry);
        var loaded = Sequential<float>.Load("scaled.safetensors", new ModelLoadOptions { Registry = registry });
        #endregion

        loaded.Predict(Digits.Features).Span.ToArray().Should().Equal(model.Predict(Digits.Features).Span.ToArray());
        FluentActions.Invoking(() => Sequential<float>.Load("scaled.safetensors"))
            .Should().Throw<InvalidDataException>().WithMessage("*myapp.scale*");
    }
}
