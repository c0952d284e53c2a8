// NativeAOT check of the companion packages. Trains the digits MLP data-parallel over MPI (Backprop.Distributed; run
// it under `mpiexec -n 2`, or alone as one rank), then on rank 0 exports it to ONNX (Backprop.Onnx) and plots its
// history as PNG and SVG (Backprop.Plotting). Prints fingerprints of the weights and of the ONNX bytes: a NativeAOT
// run and a JIT run must print the same ones.
// Run:  dotnet publish tests/aot/Backprop.AotPackages -c Release -r linux-x64 -o artifacts/aot-packages
//       mpiexec.mpich -n 2 artifacts/aot-packages/Backprop.AotPackages
// Last line of rank 0: "aot_packages_ok ..." on success (exit 0), "aot_packages_failed: ..." otherwise (exit 1).
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Backprop;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Distributed;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Onnx;
using Backprop.Optimizers;
using Backprop.Plotting;
using Backprop.Training;

BackpropSettings.MaxThreads = 1;
var world = MpiCommunicator.World;
var (train, test) = Datasets.Digits().SplitStratified(testFraction: 0.2, seed: 42);
var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
var history = model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001), new FitOptions<float>
{
    Epochs = 5, BatchSize = 32, Seed = 1, Distributed = world, ValidationData = test,
});

ulong weights = Fingerprint.Start;
foreach (var p in model.Parameters)
{
    weights = Fingerprint.Fnv(weights, MemoryMarshal.AsBytes(p.Value.Span));
}

string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
if (world.Rank != 0)
{
    Console.WriteLine(F($"rank={world.Rank} weights_fingerprint={weights:x16}"));
    return 0;
}

var failures = new List<string>();
byte[] onnx = model.ToOnnxBytes();
if (onnx.Length < 1000)
{
    failures.Add($"the ONNX model is {onnx.Length} bytes");
}

string folder = Path.Combine(Path.GetTempPath(), $"aot-packages-{Environment.ProcessId}");
Directory.CreateDirectory(folder);
try
{
    string png = history.SavePlot(Path.Combine(folder, "history.png"));
    string svg = history.SavePlot(Path.Combine(folder, "history.svg"));
    byte[] pngBytes = File.ReadAllBytes(png);
    if (pngBytes.Length < 1000 || !pngBytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
    {
        failures.Add($"history.png is not a PNG ({pngBytes.Length} bytes)");
    }

    string svgText = File.ReadAllText(svg, Encoding.UTF8);
    if (!svgText.Contains("<svg", StringComparison.Ordinal) || !svgText.Contains("loss", StringComparison.Ordinal))
    {
        failures.Add("history.svg is not an SVG plot with a loss panel");
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}

double accuracy = model.Evaluate(test).Accuracy;
if (!(accuracy >= 0.8))
{
    failures.Add($"test accuracy {accuracy:F4}, expected >= 0.8");
}

Console.WriteLine(F($"mode={(NativeAot.IsRunning ? "nativeaot" : "jit")} ranks={world.Size} {world}"));
Console.WriteLine(F($"test_accuracy={accuracy:F4} weights_fingerprint={weights:x16} onnx_fingerprint={Fingerprint.Fnv(Fingerprint.Start, onnx):x16} epochs_logged={history.Epochs.Count}"));
if (failures.Count > 0)
{
    Console.WriteLine($"aot_packages_failed: {string.Join("; ", failures)}");
    return 1;
}

Console.WriteLine(F($"aot_packages_ok ranks={world.Size} onnx_bytes={onnx.Length}"));
return 0;
