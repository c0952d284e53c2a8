// NativeAOT check of the Backprop library (issue 14), also a measure of its start-up cost. Trains a digits-sized MLP
// (the embedded UCI digits, 64→32 ReLU→10, batch 32, one kernel thread) for a few epochs, saves the model, loads it
// back and requires bit-identical predictions, then prints the first epoch's time (in a JIT process: mostly the JIT).
// Run:  dotnet publish tests/aot/Backprop.AotCheck -c Release -r linux-x64 -o artifacts/aot
//       artifacts/aot/Backprop.AotCheck [--epochs N]
// Last line: "aot_check_ok ..." on success (exit 0), "aot_check_failed: ..." otherwise (exit 1).
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

int epochs = args.Length == 2 && args[0] == "--epochs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var clock = Stopwatch.StartNew();
BackpropSettings.MaxThreads = 1;
var (train, test) = Datasets.Digits().SplitStratified(testFraction: 0.2, seed: 42);
var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
var timer = new EpochTimer();
double setupMs = clock.Elapsed.TotalMilliseconds;
model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001),
    epochs: epochs, batchSize: 32, seed: 1, callbacks: [timer]);

string path = Path.Combine(Path.GetTempPath(), $"aot-check-{Environment.ProcessId}.safetensors");
model.Save(path);
var loaded = Sequential<float>.Load(path);
ulong fileFingerprint = Fingerprint.Fnv(Fingerprint.Start, File.ReadAllBytes(path));
File.Delete(path);
var expected = model.Predict(test.Features);
var actual = loaded.Predict(test.Features);
var failures = new List<string>();
int differing = 0;
for (int i = 0; i < expected.Span.Length; i++)
{
    if (BitConverter.SingleToInt32Bits(expected.Span[i]) != BitConverter.SingleToInt32Bits(actual.Span[i]))
    {
        differing++;
    }
}

if (differing > 0)
{
    failures.Add($"{differing} of {expected.Span.Length} predictions of the loaded model differ from the trained model's");
}

double accuracy = loaded.Evaluate(test).Accuracy;
if (!(accuracy >= 0.8))
{
    failures.Add($"test accuracy {accuracy:F4} after {epochs} epochs, expected >= 0.8");
}

// Fingerprints of the trained weights and of the model file's bytes: a JIT run and a NativeAOT run must print the
// same ones (same kernels, same bits; the same file, byte for byte).
ulong fingerprint = Fingerprint.Start;
foreach (var p in model.Parameters)
{
    fingerprint = Fingerprint.Fnv(fingerprint, System.Runtime.InteropServices.MemoryMarshal.AsBytes(p.Value.Span));
}

var sorted = timer.Milliseconds.Skip(1).Order().ToArray();
string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
Console.WriteLine(MachineInfo.Describe());
Console.WriteLine(F($"mode={(NativeAot.IsRunning ? "nativeaot" : "jit")} vector512_accelerated={Vector512.IsHardwareAccelerated} vector256_accelerated={Vector256.IsHardwareAccelerated}"));
Console.WriteLine(F($"setup_ms={setupMs:F1} first_epoch_ms={timer.Milliseconds[0]:F2} later_epochs_median_ms={(sorted.Length > 0 ? sorted[sorted.Length / 2] : double.NaN):F3} total_ms={clock.Elapsed.TotalMilliseconds:F1}"));
Console.WriteLine(F($"test_accuracy={accuracy:F4} weights_fingerprint={fingerprint:x16} model_file_fingerprint={fileFingerprint:x16}"));
if (failures.Count > 0)
{
    Console.WriteLine($"aot_check_failed: {string.Join("; ", failures)}");
    return 1;
}

Console.WriteLine(F($"aot_check_ok isa={MachineInfo.Isa} epochs={epochs} first_epoch_ms={timer.Milliseconds[0]:F2}"));
return 0;


/// <summary>Wall-clock milliseconds of each epoch.</summary>
internal sealed class EpochTimer : Callback
{
    private readonly Stopwatch _clock = new();

    public List<double> Milliseconds { get; } = [];

    public override void OnEpochBegin(TrainingContext context) => _clock.Restart();

    public override void OnEpochEnd(TrainingContext context) => Milliseconds.Add(_clock.Elapsed.TotalMilliseconds);
}
