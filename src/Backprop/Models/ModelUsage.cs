using System.Globalization;

namespace Backprop.Models;

/// <summary>
/// Which calls are inside one model right now: any number of shared calls (<see cref="ModelCall.Predict"/>,
/// <see cref="ModelCall.Evaluate"/>, <see cref="ModelCall.Save"/>, which only read the weights), or one exclusive call
/// (<see cref="ModelCall.Fit"/> and the others that change the model). A call that would overlap the other kind throws
/// an <see cref="InvalidOperationException"/> naming both sides instead of waiting: a Predict that waited for a
/// 20-minute Fit, or a Fit that ran under a Predict, would hide the mistake rather than report it.
/// </summary>
/// <remarks>
/// <para>One 64-bit word holds it all, so entering is one compare-and-swap and leaving one atomic add, with no lock:
/// three 20-bit counts of shared calls (Predict, Evaluate, Save) and, in bits 60–62, the exclusive call plus one.</para>
/// <para>The thread inside an exclusive call may call anything on the model (a Fit callback that evaluates or saves
/// it): such nested calls pass without being counted.</para>
/// <para>Thread safety: every member may be called from many threads at once.</para>
/// </remarks>
internal sealed class ModelUsage
{
    private const int CountBits = 20;
    private const long CountMask = (1L << CountBits) - 1;
    private const int ExclusiveShift = 3 * CountBits;

    private long _state;
    private int _owner;

    /// <summary>Enters a shared call (one that only reads the model); dispose the result to leave.</summary>
    /// <param name="call">Predict, Evaluate or Save.</param>
    /// <returns>The scope to dispose when the call returns.</returns>
    /// <exception cref="InvalidOperationException">An exclusive call (Fit, …) is running on another thread.</exception>
    public Scope EnterShared(ModelCall call)
    {
        if (Volatile.Read(ref _owner) == Environment.CurrentManagedThreadId)
        {
            return default;
        }

        int shift = CountBits * (int)call;
        long one = 1L << shift;
        long state = Volatile.Read(ref _state);
        while (true)
        {
            if ((state >> ExclusiveShift) != 0)
            {
                throw Conflict(call, state);
            }

            if (((state >> shift) & CountMask) == CountMask)
            {
                throw new InvalidOperationException(
                    string.Create(CultureInfo.InvariantCulture, $"More than {CountMask} {call} calls are running on this model at once."));
            }

            long seen = Interlocked.CompareExchange(ref _state, state + one, state);
            if (seen == state)
            {
                return new Scope(this, one);
            }

            state = seen;
        }
    }

    /// <summary>Enters an exclusive call (one that changes the model); dispose the result to leave.</summary>
    /// <param name="call">Fit, PredictMonteCarlo or GradientCheck.</param>
    /// <returns>The scope to dispose when the call returns.</returns>
    /// <exception cref="InvalidOperationException">Any other call is running on the model on another thread.</exception>
    public Scope EnterExclusive(ModelCall call)
    {
        int me = Environment.CurrentManagedThreadId;
        if (Volatile.Read(ref _owner) == me)
        {
            return default;
        }

        long mine = ((long)call + 1) << ExclusiveShift;
        long state = Interlocked.CompareExchange(ref _state, mine, 0);
        if (state != 0)
        {
            throw Conflict(call, state);
        }

        Volatile.Write(ref _owner, me);
        return new Scope(this, mine);
    }

    private void Leave(long delta)
    {
        if (delta >= 1L << ExclusiveShift)
        {
            Volatile.Write(ref _owner, 0);
        }

        Interlocked.Add(ref _state, -delta);
    }

    private static InvalidOperationException Conflict(ModelCall call, long state)
    {
        long exclusive = state >> ExclusiveShift;
        if (exclusive != 0)
        {
            var running = (ModelCall)(exclusive - 1);
            string advice = IsExclusive(call)
                ? $"Two calls that change one model cannot overlap; wait for {running} to return."
                : $"{running} changes the weights and the layers' state that {call} reads, so the result would be neither the old model's nor the new one's. Wait for {running} to return, or use a copy of the model for {call} (Save it, then Sequential.Load).";
            return new InvalidOperationException($"{call} was called while {running} is running on this model on another thread. {advice}");
        }

        var parts = new List<string>(3);
        for (int kind = 0; kind < 3; kind++)
        {
            long count = (state >> (CountBits * kind)) & CountMask;
            if (count > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {(ModelCall)kind} call{(count == 1 ? "" : "s")}"));
            }
        }

        long total = (state & CountMask) + ((state >> CountBits) & CountMask) + ((state >> (2 * CountBits)) & CountMask);
        string list = parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
        bool one = total == 1;
        return new InvalidOperationException(
            $"{call} was called while {list} {(one ? "is" : "are")} running on this model. {call} changes the weights and the layers' state " +
            $"that {(one ? "it reads, so its result" : "they read, so their results")} would be neither the old model's nor the new one's. " +
            $"Wait for {(one ? "it" : "them")} to return before calling {call}, or {(call == ModelCall.Fit ? "train" : "use")} a copy of the model (Save it, then Sequential.Load).");
    }

    private static bool IsExclusive(ModelCall call) => call >= ModelCall.Fit;

    /// <summary>One entered call; <see cref="Dispose"/> leaves it (the default value is a nested call and leaves nothing).</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly ModelUsage? _usage;
        private readonly long _delta;

        public Scope(ModelUsage usage, long delta)
        {
            _usage = usage;
            _delta = delta;
        }

        /// <summary>Leaves the call.</summary>
        public void Dispose() => _usage?.Leave(_delta);
    }
}
