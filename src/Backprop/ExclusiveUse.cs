namespace Backprop;

/// <summary>
/// Which thread's call is using an object that keeps per-call state — a loss keeps its last gradient, an optimizer its
/// moments and step count, a metric its counts — one per loss, optimizer and metric. <c>Fit</c> holds its loss, optimizer
/// and metrics for its whole run; <c>Evaluate</c> holds its metrics. Two such calls sharing one on different threads
/// corrupted each other silently (NaN losses, mixed counts, a doubled step count), so the second one throws instead.
/// The thread holding it may take it again (a Fit's own validation, a callback that evaluates).
/// </summary>
/// <remarks>Thread safety: safe from any thread (one interlocked field).</remarks>
internal sealed class ExclusiveUse
{
    private int _thread;
    private string _heldBy = "";

    /// <summary>The managed thread id of the call holding it, or 0.</summary>
    public int Thread => Volatile.Read(ref _thread);

    /// <summary>Takes it for the current thread: true when newly taken (release it then), false when this thread already held it.</summary>
    /// <param name="what">What the object is, for the message (e.g. "The loss categorical_crossentropy").</param>
    /// <param name="call">The call taking it, for the message of a later conflict ("a Fit", "another Evaluate call").</param>
    /// <exception cref="InvalidOperationException">A call on another thread holds it.</exception>
    public bool Take(string what, string call)
    {
        int me = Environment.CurrentManagedThreadId;
        int held = Interlocked.CompareExchange(ref _thread, me, 0);
        if (held == 0)
        {
            Volatile.Write(ref _heldBy, call);
            return true;
        }

        if (held == me)
        {
            return false;
        }

        throw InUse(what);
    }

    /// <summary>Throws when a call on another thread holds it (for a use that only takes turns, such as Evaluate's loss).</summary>
    /// <param name="what">What the object is, for the message.</param>
    /// <exception cref="InvalidOperationException">A call on another thread holds it.</exception>
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

    private InvalidOperationException InUse(string what) => new(
        $"{what} is in use by {Volatile.Read(ref _heldBy)} running on another thread. Each concurrent Fit (e.g. each rank of an " +
        "InProcessCollective) needs its own loss, optimizer and metrics, and each concurrent Evaluate its own metrics (pass none " +
        "and each call creates its own): a loss keeps its last gradient, an optimizer its moments and step count, a metric its counts.");
}
