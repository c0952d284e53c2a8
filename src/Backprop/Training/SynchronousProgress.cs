namespace Backprop.Training;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its handler at once, on the thread that calls <see cref="Report"/>, so the
/// handler sees the reports in the order they were made and has finished when <see cref="Report"/> returns.
/// Pass it to <c>Fit(progress: …)</c> to print or record each epoch in order:
/// <c>progress: new SynchronousProgress&lt;EpochProgress&gt;(p =&gt; Console.WriteLine(p.Logs))</c>.
/// </summary>
/// <remarks>
/// <see cref="Progress{T}"/> is different: it posts every report to the <see cref="SynchronizationContext"/> it captured
/// when it was created or, when there was none (console apps, services, test runners), to the thread pool. Its handler
/// then runs later, on another thread, possibly while the next report is being handled, so reports can arrive out of
/// order and after <c>Fit</c> has returned. That is what a UI thread needs (use <see cref="Progress{T}"/> there, with
/// a handler that only updates the UI); anywhere else, use this class. The handler runs on the training thread and
/// delays training while it runs, so keep it short; an exception it throws propagates out of <see cref="Report"/>
/// (and so out of <c>Fit</c>).
/// <para>Thread safety: it runs the handler at once on whichever thread calls <c>Report</c> (Fit reports from its own
/// thread, one epoch after another), so the handler needs no locking unless you report from several threads
/// yourself.</para>
/// </remarks>
/// <typeparam name="T">The report type, e.g. <see cref="EpochProgress"/>.</typeparam>
public sealed class SynchronousProgress<T> : IProgress<T>
{
    private readonly Action<T> _handler;

    /// <summary>Creates the progress sink.</summary>
    /// <param name="handler">Called with each report, synchronously.</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public SynchronousProgress(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
    }

    /// <summary>Calls the handler with <paramref name="value"/> on the calling thread and returns when it has finished.</summary>
    /// <param name="value">The report.</param>
    public void Report(T value) => _handler(value);
}
