using System.Diagnostics;
using System.Globalization;
using Backprop.Augmentation;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using Backprop.Samples;

/// <summary>
/// Measures one-epoch training time on the 60,000 images without augmentation, with augmentation (prefetched) and
/// with augmentation computed inline. Modes alternate over several rounds so a busy machine affects all alike;
/// both wall-clock and process CPU time are reported.
/// </summary>
internal static class Timing
{
    public static void Run(Dataset<float> train, AugmentationPipeline<float> pipeline, int rounds = 3)
    {
        var modes = new (string Name, AugmentationPipeline<float>? Pipeline, bool Prefetch)[]
        {
            ("plain", null, true),
            ("augmented, prefetch", pipeline, true),
            ("augmented, inline", pipeline, false),
        };
        var wall = modes.Select(_ => new List<double>()).ToArray();
        var cpu = modes.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            for (int m = 0; m < modes.Length; m++)
            {
                var model = Network.Create();
                var process = Process.GetCurrentProcess();
                var cpu0 = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001), new FitOptions<float>
                {
                    Epochs = 1,
                    BatchSize = 128,
                    Seed = round,
                    Augmentation = modes[m].Pipeline,
                    PrefetchAugmentation = modes[m].Prefetch,
                });
                wall[m].Add(clock.Elapsed.TotalSeconds);
                process.Refresh();
                cpu[m].Add((process.TotalProcessorTime - cpu0).TotalSeconds);
                SampleConsole.Line(string.Create(CultureInfo.InvariantCulture, $"round {round + 1} {modes[m].Name}: {wall[m][^1]:F2} s wall, {cpu[m][^1]:F2} s CPU"));
            }
        }

        double plainWall = Median(wall[0]), plainCpu = Median(cpu[0]);
        var rows = new List<IReadOnlyList<string>>();
        for (int m = 0; m < modes.Length; m++)
        {
            rows.Add(
            [
                modes[m].Name,
                Median(wall[m]).ToString("F2", CultureInfo.InvariantCulture),
                ((Median(wall[m]) / plainWall) - 1).ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture),
                Median(cpu[m]).ToString("F2", CultureInfo.InvariantCulture),
                ((Median(cpu[m]) / plainCpu) - 1).ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture),
            ]);
        }

        SampleConsole.Table($"one epoch on {train.Count:N0} images, median of {rounds} rounds", ["mode", "median wall s", "vs plain", "median CPU s", "vs plain"], rows);
        SampleConsole.LastLine(string.Create(CultureInfo.InvariantCulture,
            $"augmentation_epoch_overhead={(Median(wall[1]) / plainWall) - 1:+0.000;-0.000} (wall, prefetch), cpu {(Median(cpu[1]) / plainCpu) - 1:+0.000;-0.000}, processors {Environment.ProcessorCount}"));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
