using System.Diagnostics;
using System.Globalization;
using Backprop.Models;
using Backprop.Tests.Serialization;
using Xunit.Abstractions;

namespace Backprop.Tests.Callbacks;

/// <summary>
/// BackupAndRestore survives a real crash: a child process training with it (tests/Backprop.TestHost,
/// <c>train-resume</c>: full digits, dropout, augmentation, Adam, EarlyStopping with restore-best, ReduceLROnPlateau) is
/// SIGKILLed 10 times — from about epoch 8 on, each time an epoch or two further, after a random batch or in the
/// validation and checkpoint write that follow an epoch's last batch — then rerun to the end; its final
/// weights, history, optimizer step count and learning rate are bit-identical to an uninterrupted run in this process.
/// </summary>
public class ResumeCrashTests(ITestOutputHelper output)
{
    private const int Kills = 10;

    /// <summary>Batches in one epoch of the child's run: 1,347 training digits (after the 25 % validation split) in batches of 32.</summary>
    private const int BatchesPerEpoch = 43;

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
        int kills = 0;
        bool finished = false;
        while (kills < Kills && !finished)
        {
            using var child = ChildProcess.Start("train-resume", backup, result);
            starts.Add(ReadStart(child));

            // Let it finish its first epoch (the first child some more: the run's plateaus and early-stopping waits begin
            // near epoch 11), then kill it after a random number of batches of the next epoch, or (every other kill) a
            // few milliseconds after its last batch, in its validation or its checkpoint write.
            for (int epochs = kills == 0 ? rng.Next(6, 10) : 1; epochs > 0 && !finished; epochs--)
            {
                finished = !ReadUntil(child, "epoch ", int.MaxValue);
            }

            finished = finished || !ReadUntil(child, "b", kills % 2 == 0 ? rng.Next(1, BatchesPerEpoch + 1) : BatchesPerEpoch);
            if (kills % 2 == 1)
            {
                Thread.Sleep(rng.Next(0, 40)); // every other kill: after the last batch, in the (cold, first-time) validation or checkpoint write
            }

            if (!child.HasExited)
            {
                child.Kill(); // SIGKILL on Unix: no finally blocks, no flush
            }

            child.WaitForExit();
            finished |= File.Exists(result);
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

        output.WriteLine($"resumed at epochs {string.Join(", ", starts)}; {kills} kills, {interruptedSaves} inside a checkpoint write; {clock.ElapsedMilliseconds} ms");
        kills.Should().Be(Kills, "every kill lands an epoch or two after the last resume, long before the run ends");
        starts[0].Should().Be(0);
        starts.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems("every run resumes after the epochs its predecessor finished");
        File.ReadAllText(result).Should().Be(expected);
        Directory.Exists(backup).Should().BeFalse("the finished run deletes its backup");
    }

    /// <summary>
    /// Reads until <paramref name="count"/> lines starting with <paramref name="prefix"/> were seen, or an "epoch" line
    /// (the end of the current epoch); false when the child finished first.
    /// </summary>
    private static bool ReadUntil(Process child, string prefix, int count)
    {
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal) && --count == 0)
            {
                return true;
            }

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
