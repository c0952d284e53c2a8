using System.Globalization;
using Backprop.Models;

namespace Backprop.Tests.Serialization;

/// <summary>
/// Saving is atomic for real: a child process saving in a loop is killed with SIGKILL at random moments, and every
/// file it leaves loads and is exactly one of the two models it was writing.
/// </summary>
public class CrashTests
{
    private const int Kills = 100;

    [Fact]
    public void Every_file_left_by_a_process_killed_while_saving_is_the_old_or_the_new_model()
    {
        string folder = Directory.CreateTempSubdirectory("backprop-kill").FullName;
        try
        {
            string path = Path.Combine(folder, "model.safetensors");
            float[][] first = Weights(CrashModels.Create(1)), second = Weights(CrashModels.Create(2));
            var rng = new Random(7);
            int sawFirst = 0, sawSecond = 0;
            for (int kill = 0; kill < Kills; kill++)
            {
                using (var child = ChildProcess.Start("save-loop", path))
                {
                    child.StandardOutput.ReadLine().Should().Be("ready");
                    Thread.Sleep(rng.Next(0, 40));
                    child.Kill(); // SIGKILL on Unix: no finally blocks, no flush
                    child.WaitForExit();
                }

                var loaded = Weights(Sequential<float>.Load(path));
                bool isFirst = Same(loaded, first), isSecond = Same(loaded, second);
                (isFirst || isSecond).Should().BeTrue($"kill {kill} left a file that is neither model");
                sawFirst += isFirst ? 1 : 0;
                sawSecond += isSecond ? 1 : 0;
            }

            // A kill inside a save leaves its temporary file behind (never the target): proof that kills hit mid-write.
            int interrupted = Directory.GetFiles(folder, ".model.safetensors.*.tmp").Length;
            interrupted.Should().BeGreaterThan(0, "some kills must land inside a save");
            sawFirst.Should().BeGreaterThan(0);
            sawSecond.Should().BeGreaterThan(0, "the kills must land at different points of the loop");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_saved_model_predicts_bit_identically_in_a_new_process()
    {
        string folder = Directory.CreateTempSubdirectory("backprop-process").FullName;
        try
        {
            string path = Path.Combine(folder, "model.safetensors");
            var model = CrashModels.Create(5);
            model.Save(path);
            string expected = string.Concat(model.Predict(CrashModels.Inputs(784, 3)).Span.ToArray()
                .Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture)));

            ChildProcess.Run("predict", path, "3").Trim().Should().Be(expected);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static float[][] Weights(Sequential<float> model) => [.. model.Parameters.Select(p => p.Value.Span.ToArray())];

    private static bool Same(float[][] a, float[][] b) => a.Length == b.Length && a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second));
}
