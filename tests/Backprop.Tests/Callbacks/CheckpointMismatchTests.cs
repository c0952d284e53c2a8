using System.Text.Json.Nodes;
using Backprop.Activations;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Callbacks;

/// <summary>
/// A checkpoint that is corrupt or was written by another kind of Fit is refused with an InvalidDataException that says
/// what differs — never resumed silently — and the model is left as it was.
/// </summary>
public class CheckpointMismatchTests
{
    [Fact]
    public void Another_architecture_is_refused_naming_the_layer()
        => Refused(units: 16, expected: "*another architecture: layers[0] (dense).config.units is 8 in the checkpoint, 16 in the model.*");

    [Fact]
    public void Another_activation_is_refused()
        => Refused(activation: Activation.Tanh, expected: "*another architecture: layers[0] (dense).config.activation.type is \"relu\" in the checkpoint, \"tanh\" in the model.*");

    [Fact]
    public void Another_optimizer_type_is_refused()
        => Refused(optimizer: () => new Sgd<float>(0.01, momentum: 0.9), expected: "*optimizer Backprop.Optimizers.Adam, and this Fit uses Backprop.Optimizers.Sgd*");

    [Fact]
    public void Another_optimizer_state_layout_is_refused()
        => Refused(optimizer: () => new Adam<float>(0.01, amsGrad: true), expected: "*keeps 2 state buffers per parameter and this one keeps 3*");

    [Fact]
    public void Another_seed_batch_size_or_training_data_is_refused()
    {
        Refused(seed: 4, expected: "*another seed: 3 in the checkpoint, 4 now*");
        Refused(batchSize: 5, expected: "*another batch size: 8 in the checkpoint, 5 now*");
        Refused(data: Data(changed: true), expected: "*another training data*");
    }

    [Fact]
    public void Another_element_type_is_refused()
    {
        using var folder = new TempFolder();
        string path = Interrupted(folder);
        var model = new Sequential<double>(new Dense<double>(8, Activation.ReLU), new Dense<double>(3));
        var data = new Dataset<double>(TestData.Random(40, 5, seed: 1), TestData.Labels(40, 3, seed: 2));
        FluentActions.Invoking(() => model.Fit(data, new CategoricalCrossEntropy<double>(fromLogits: true), new Adam<double>(0.01), epochs: 4, batchSize: 8, seed: 3,
                callbacks: [new BackupAndRestore(Path.GetDirectoryName(path)!)]))
            .Should().Throw<InvalidDataException>().WithMessage("*holds F32 weights but is loaded as Double*");
    }

    [Fact]
    public void A_corrupt_or_truncated_checkpoint_is_refused_and_kept()
    {
        using var folder = new TempFolder();
        string path = Interrupted(folder);
        var bytes = File.ReadAllBytes(path);
        bytes[^20] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        Refused(folder, expected: "*checksum does not match*the file is corrupt*");
        File.Exists(path).Should().BeTrue("a refused checkpoint is left for the user to inspect or delete");

        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Refused(folder, expected: "*truncated*");
    }

    [Fact]
    public void A_model_file_in_place_of_the_checkpoint_is_refused()
    {
        using var folder = new TempFolder();
        string path = Interrupted(folder);
        var (model, _, _) = Setup();
        model.Build(5, seed: 1);
        model.Save(path);
        Refused(folder, expected: "*it is a model file, not a training checkpoint*");
    }

    [Fact]
    public void Every_refusal_says_which_file_and_what_to_do()
    {
        using var folder = new TempFolder();
        string path = Interrupted(folder);
        Refused(folder, seed: 9, expected: $"Cannot resume training from the checkpoint '{path}': *. Delete it (or the backup folder) to start training afresh.");
    }

    [Fact]
    public void Callback_state_round_trips_exactly_and_a_missing_key_is_named()
    {
        using var folder = new TempFolder();
        var stateful = new Stateful();
        var (model, optimizer, data) = Setup();
        var backup = new BackupAndRestore(folder["backup"]);
        FluentActions.Invoking(() => Fit(model, optimizer, data, [backup, stateful, new CrashAt(2, 1)])).Should().Throw<SimulatedCrashException>();

        var again = new Stateful();
        var (model2, optimizer2, _) = Setup();
        Fit(model2, optimizer2, data, [backup, again]);

        again.Loaded.Should().NotBeNull();
        var s = again.Loaded!;
        BitConverter.DoubleToInt64Bits(s.GetDouble("negative_zero")).Should().Be(BitConverter.DoubleToInt64Bits(-0.0));
        (s.GetDouble("nan"), s.GetDouble("inf"), s.GetDouble("minus_inf")).Should().Be((double.NaN, double.PositiveInfinity, double.NegativeInfinity));
        s.GetDouble("tiny").Should().Be(double.Epsilon);
        s.GetDouble("third").Should().Be(1.0 / 3);
        s.GetNullableDouble("none").Should().BeNull();
        s.GetInt64("big").Should().Be(long.MaxValue);
        s.GetBoolean("flag").Should().BeTrue();
        s.GetString("text").Should().Be("é \" \n ünïcode");
        s.GetJson("list")!.ToJsonString().Should().Be("[1,2,3]");
        s.GetWeights("none_weights").Should().BeNull();
        s.Owner.Should().Be("Stateful#0");
        FluentActions.Invoking(() => s.GetDouble("absent")).Should().Throw<InvalidDataException>().WithMessage("*no state 'absent' for callback Stateful#0*");
        FluentActions.Invoking(() => s.GetInt32("text")).Should().Throw<InvalidDataException>().WithMessage("*'text' of callback Stateful#0 is not an integer*");
    }

    [Fact]
    public void Saving_a_key_twice_or_with_a_colon_is_a_programming_error()
    {
        var state = new CallbackState("X#0");
        state.Set("a", 1);
        FluentActions.Invoking(() => state.Set("a", 2.0)).Should().Throw<ArgumentException>().WithMessage("*twice*");
        FluentActions.Invoking(() => state.Set("a:b", true)).Should().Throw<ArgumentException>().WithMessage("*':'*");
    }

    private static void Refused(
        int units = 8, Activation? activation = null, Func<Optimizer<float>>? optimizer = null, int seed = 3, int batchSize = 8,
        Dataset<float>? data = null, string expected = "")
    {
        using var folder = new TempFolder();
        Interrupted(folder);
        Refused(folder, units, activation, optimizer, seed, batchSize, data, expected);
    }

    private static void Refused(
        TempFolder folder, int units = 8, Activation? activation = null, Func<Optimizer<float>>? optimizer = null, int seed = 3,
        int batchSize = 8, Dataset<float>? data = null, string expected = "")
    {
        var model = new Sequential<float>(new Dense<float>(units, activation ?? Activation.ReLU), new Dense<float>(3));
        model.Build(5, seed: 123);
        var before = model.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        var opt = optimizer?.Invoke() ?? new Adam<float>(0.01);
        var options = new FitOptions<float> { Epochs = 4, BatchSize = batchSize, Seed = seed, Callbacks = [new BackupAndRestore(folder["backup"])] };

        FluentActions.Invoking(() => model.Fit(data ?? Data(), new CategoricalCrossEntropy<float>(fromLogits: true), opt, options))
            .Should().Throw<InvalidDataException>().WithMessage(expected);
        model.Parameters.SelectMany(p => p.Value.Span.ToArray()).Should().Equal(before, "nothing is restored from a refused checkpoint");
        opt.Iterations.Should().Be(0);
    }

    /// <summary>Trains the reference setup with BackupAndRestore and crashes in epoch 2; returns the checkpoint's path.</summary>
    private static string Interrupted(TempFolder folder)
    {
        var (model, optimizer, data) = Setup();
        var backup = new BackupAndRestore(folder["backup"]);
        FluentActions.Invoking(() => Fit(model, optimizer, data, [backup, new CrashAt(2, 1)])).Should().Throw<SimulatedCrashException>();
        return backup.CheckpointPath;
    }

    private static (Sequential<float> Model, Adam<float> Optimizer, Dataset<float> Data) Setup()
        => (new Sequential<float>(new Dense<float>(8, Activation.ReLU), new Dense<float>(3)), new Adam<float>(0.01), Data());

    private static History Fit(Sequential<float> model, Optimizer<float> optimizer, Dataset<float> data, Callback[] callbacks)
        => model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), optimizer, epochs: 4, batchSize: 8, seed: 3, callbacks: callbacks);

    private static Dataset<float> Data(bool changed = false)
    {
        var x = TestData.Random(40, 5, seed: 1);
        if (changed)
        {
            x[17, 3] += 1e-3;
        }

        return new Dataset<float>(ToFloat(x), ToFloat(TestData.Labels(40, 3, seed: 2)));

        static Tensor2D<float> ToFloat(Tensor2D<double> t)
        {
            var f = new Tensor2D<float>(t.Rows, t.Columns);
            for (int i = 0; i < t.Length; i++)
            {
                f.Span[i] = (float)t.Span[i];
            }

            return f;
        }
    }

    private sealed class Stateful : Callback
    {
        public CallbackState? Loaded { get; private set; }

        public override void SaveState(CallbackState state)
        {
            state.Set("negative_zero", -0.0);
            state.Set("nan", double.NaN);
            state.Set("inf", double.PositiveInfinity);
            state.Set("minus_inf", double.NegativeInfinity);
            state.Set("tiny", double.Epsilon);
            state.Set("third", 1.0 / 3);
            state.Set("none", (double?)null);
            state.Set("big", long.MaxValue);
            state.Set("flag", true);
            state.Set("text", "é \" \n ünïcode");
            state.SetJson("list", new JsonArray(1, 2, 3));
            state.SetWeights("none_weights", null);
        }

        public override void LoadState(CallbackState state, TrainingContext context) => Loaded = state;
    }
}
