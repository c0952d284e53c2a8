namespace Backprop;

/// <summary>
/// Which thread's <c>Fit</c> is using an object that keeps per-training state (a loss keeps its last gradient, an
/// optimizer its moments and step count, a metric its counts): one per loss, optimizer and metric. Two concurrent Fits
/// sharing one corrupted training silently — NaN losses, mixed counts, a doubled step count — so the second one to take
/// it throws instead. The same thread may take it again (a Fit's own validation, a callback that evaluates).
/// </summary>
/// <remarks>Thread safety: safe from any thread (one interlocked field).</remarks>
internal sealed class FitOwner
{
    private int _thread;

    /// <summary>The managed thread id of the Fit holding it, or 0.</summary>
    public int Thread => Volatile.Read(ref _thread);

    /// <summary>Takes it for the current thread: true when newly taken (release it then), false when this thread already held it.</summary>
    /// <param name="what">What the object is, for the message (e.g. "the loss categorical_crossentropy").</param>
    /// <exception cref="InvalidOperationException">A Fit on another thread holds it.</exception>
    public bool Take(string what)
    {
        int me = Environment.CurrentManagedThreadId;
        int held = Interlocked.CompareExchange(ref _thread, me, 0);
        if (held == 0)
        {
            return true;
        }

        if (held == me)
        {
            return false;
        }

        throw InUse(what);
    }

    /// <summary>Throws when a Fit on another thread holds it (for calls that only read, such as Evaluate).</summary>
    /// <param name="what">What the object is, for the message.</param>
    /// <exception cref="InvalidOperationException">A Fit on another thread holds it.</exception>
    public void CheckFree(string what)
    {
        int held = Thread;
        if (held != 0 && held != Environment.CurrentManagedThreadId)
        {
            throw InUse(what);
        }
    }

    /// <summary>Releases what <see cref="Take"/> took.</summary>
    public void Release() => Volatile.Write(ref _thread, 0);

    private static InvalidOperationException InUse(string what) => new(
        $"{what} is in use by a Fit running on another thread. Each concurrent Fit (e.g. each rank of an InProcessCollective) needs its own " +
        "loss, optimizer and metrics: a loss keeps its last gradient, an optimizer its moments and step count, a metric its counts.");
}
