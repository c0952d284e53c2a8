using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>Runs one body per rank, each on its own thread with an <see cref="InProcessCollective"/>, with a time limit (no test may hang).</summary>
internal static class RankThreads
{
    public static TResult[] Run<TResult>(int ranks, Func<ICollective, TResult> body, int timeoutSeconds = 120)
    {
        var collectives = InProcessCollective.Create(ranks);
        var tasks = collectives.Select(c => Task.Factory.StartNew(() => body(c), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        if (!Task.WaitAll(tasks.Cast<Task>().ToArray(), TimeSpan.FromSeconds(timeoutSeconds)) && tasks.Any(t => !t.IsCompleted))
        {
            throw new TimeoutException($"Some of {ranks} ranks did not finish within {timeoutSeconds} s.");
        }

        return [.. tasks.Select(t => t.Result)];
    }

    /// <summary>Runs the ranks and returns each one's outcome, failed or not, within the time limit.</summary>
    public static Task<TResult>[] RunAll<TResult>(int ranks, Func<ICollective, TResult> body, int timeoutSeconds = 60)
    {
        var collectives = InProcessCollective.Create(ranks);
        var tasks = collectives.Select(c => Task.Factory.StartNew(() => body(c), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            Task.WaitAll(tasks.Cast<Task>().ToArray(), TimeSpan.FromSeconds(timeoutSeconds));
        }
        catch (AggregateException)
        {
            // outcomes are read from the tasks
        }

        tasks.Should().OnlyContain(t => t.IsCompleted, $"every rank must end within {timeoutSeconds} s");
        return tasks;
    }
}
