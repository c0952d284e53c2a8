using System.Diagnostics;
using System.Globalization;
using Backprop.Models;
using Backprop.Tests.Serialization;
using Xunit.Abstractions;

namespace Backprop.Tests.Callbacks;

/// <summary>
/// BackupAndRestore survives a real crash: a child process training with it (tests/Backprop.TestHost,
/// <c>train-resume</c>: full digits, dropout, augmentation, Adam, EarlyStopping with restore-best, ReduceLROnPlateau) is
/// SIGKILLed at random moments (10 times, from about epoch 8 on, each time an epoch or two further), then rerun to the end; its final
/// weights, history, optimizer step count and learning rate are bit-identical to an uninterrupted run in this process.
/// </summary>
public class ResumeCrashTests(ITestOutputHelper output)
{
    private const int Kills = 10;

    [Fact]
    public void A_training_process_killed_at_random_moments_resumes_to_the_bits_of_an_uninterrupted_run()
    {
        var clock = Stopwatch.StartNew();
        var reference = new ResumeRun<float>();
        string expected = reference.Fingerprint(reference.Fit(ResumeCrash.Epochs, []));
        using var folder = new TempFolder("backprop-train-kill");
        string backup = folder["backup"], result = folder["final.txt"];
        string checkpoint = Path.Combine(backup, Backprop.Callbacks.BackupAndRestore.FileName);
        var rng = new Random(12);
        var starts = new List<int>();
        var epochTime = TimeSpan.Zero;
        int kills = 0;
        bool finished = false;
        while (kills < Kills && !finished)
        {
            using var child = ChildProcess.Start("train-resume", backup, result);
            starts.Add(ReadStart(child));

            // The first child trains some epochs (the run's plateaus and early-stopping waits begin near epoch 11) and
            // measures a steady epoch (the first one of a process includes the JIT); the others die in their first epochs.
            for (int epochs = kills == 0 ? rng.Next(6, 10) : 1; epochs > 0 && !finished; epochs--)
            {
                var epochClock = Stopwatch.StartNew();
                finished = !ReadEpoch(child);
                epochTime = kills == 0 ? epochClock.Elapsed : epochTime;
            }

            // Anywhere in the next epoch — a batch, the validation or the checkpoint write.
            Thread.Sleep(TimeSpan.FromTicks((long)(rng.NextDouble() * epochTime.Ticks)));
            if (!child.HasExited)
            {
                child.Kill(); // SIGKILL on Unix: no finally blocks, no flush
            }

            child.WaitForExit();
            finished |= File.Exists(result); // on a slow machine the sleep may outlast the run; then the run ended on its own
            if (!finished)
            {
                kills++;
                Sequential<float>.Load(checkpoint).Parameters.Should().HaveCount(4, "a killed save leaves the previous checkpoint, complete");
            }
        }

        int interruptedSaves = finished ? 0 : Directory.GetFiles(backup, $".{Backprop.Callbacks.BackupAndRestore.FileName}.*.tmp").Length;
        if (!finished)
        {
            using var last = ChildProcess.Start("train-resume", backup, result);
            starts.Add(ReadStart(last));
            last.StandardOutput.ReadToEnd().Should().Contain("done", last.StandardError.ReadToEnd());
            last.WaitForExit();
        }

        output.WriteLine($"resumed at epochs {string.Join(", ", starts)}; epoch {epochTime.TotalMilliseconds:F0} ms; {kills} kills, {interruptedSaves} inside a checkpoint write; {clock.ElapsedMilliseconds} ms");
        kills.Should().BeGreaterThanOrEqualTo(Kills / 2, "most kills must land before the run ends");
        starts[0].Should().Be(0);
        starts.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems("every run resumes after the epochs its predecessor finished");
        File.ReadAllText(result).Should().Be(expected);
        Directory.Exists(backup).Should().BeFalse("the finished run deletes its backup");
    }

    /// <summary>Reads up to the next "epoch" line; false when the child finished first.</summary>
    private static bool ReadEpoch(Process child)
    {
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("epoch ", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static int ReadStart(Process child)
    {
        string line = child.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"The child ended at once: {child.StandardError.ReadToEnd()}");
        line.Should().StartWith("start ");
        return int.Parse(line["start ".Length..], CultureInfo.InvariantCulture);
    }
}
