using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Backprop.Kernels;

/// <summary>
/// A persistent pool of worker threads that runs fixed-block jobs (<see cref="IBlockJob"/>), limited by
/// <see cref="BackpropSettings.MaxThreads"/>. The caller takes part; blocks are handed out by an atomic counter,
/// so which thread runs a block never changes what the block computes. Dispatching allocates nothing.
/// </summary>
/// <remarks>
/// <para>Waiting is adaptive on both sides. A worker between jobs spins for at most <see cref="WorkerSpin"/>
/// (kernels come in quick succession during training), yielding its core to any other ready thread while it spins,
/// then parks on a semaphore. The caller never waits for a worker to wake up: it runs every unclaimed block itself,
/// and only waits for blocks a worker has claimed and is still running — spinning briefly, then parking until the
/// worker that finishes the last block signals it. On an oversubscribed machine neither side burns a core for long.</para>
/// <para>Callers on several threads at once (many threads predicting with one model) are safe: one of them owns the
/// pool until its job is done, and a caller that finds the pool busy (or that calls from inside a block) runs its own
/// blocks one after another on its own thread — the same blocks, so the same bits, only without help.</para>
/// <para>Both sleep protocols are Dekker-style handshakes: the sleeper publishes its flag with a full fence
/// (<see cref="Interlocked.Exchange(ref int, int)"/>) before it re-checks the condition, and the waker clears the flag
/// with another, so a wake-up can never be lost between the check and the wait.</para>
/// </remarks>
internal static class Threading
{
    private const long Closed = int.MaxValue;

    /// <summary>How long an idle worker spins before it parks.</summary>
    private static readonly long WorkerSpin = Stopwatch.Frequency / 2000;

    /// <summary>How long the caller spins for a straggling block before it parks.</summary>
    private static readonly long CallerSpin = Stopwatch.Frequency / 5000;

    private static readonly object Gate = new();
    private static readonly List<Worker> Workers = [];
    private static readonly SemaphoreSlim CallerSignal = new(0);
    private static IBlockJob? _job;
    private static int _blocks;
    private static int _activeHelpers;
    private static int _done;
    private static int _generation;
    private static int _callerParked;

    // (generation << 32) | next unclaimed block. Claims succeed only for the current generation, and a finished
    // generation is closed (next = int.MaxValue) before the next job is published, so a late worker can never run
    // a block of a job it did not see start.
    private static long _work = Closed;
    private static ExceptionDispatchInfo? _error;

    [ThreadStatic]
    private static bool _insideJob;

    /// <summary>The most threads a kernel may use.</summary>
    public static int MaxThreads => BackpropSettings.MaxThreads;

    /// <summary>Number of times the caller had to park waiting for a worker (diagnostics for tests).</summary>
    internal static long CallerParks { get; private set; }

    /// <summary>Runs blocks 0..<paramref name="blocks"/>−1 of <paramref name="job"/>, in parallel when allowed; returns when all are done.</summary>
    public static void For(int blocks, IBlockJob job)
    {
        int threads = Math.Min(MaxThreads, blocks);
        if (threads <= 1 || _insideJob || !Monitor.TryEnter(Gate))
        {
            // Serial: one thread, nested call, or another caller owns the pool (results are the same either way).
            RunSerial(blocks, job);
            return;
        }

        try
        {
            int helpers = threads - 1;
            while (Workers.Count < helpers)
            {
                Workers.Add(new Worker(Workers.Count));
            }

            int generation = _generation + 1;
            _job = job;
            _blocks = blocks;
            _done = 0;
            _error = null;
            Volatile.Write(ref _activeHelpers, helpers);
            Interlocked.Exchange(ref _work, (long)generation << 32);
            Interlocked.Exchange(ref _generation, generation);
            for (int i = 0; i < helpers; i++)
            {
                Workers[i].Wake();
            }

            _insideJob = true;
            try
            {
                RunBlocks(job, blocks, generation);
            }
            finally
            {
                _insideJob = false;
            }

            // Every block is claimed now; wait only for those that workers are still running.
            if (Volatile.Read(ref _done) < blocks)
            {
                WaitForClaimedBlocks(blocks);
            }

            Interlocked.Exchange(ref _work, ((long)generation << 32) | Closed);
            _job = null;
            _error?.Throw();
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static void WaitForClaimedBlocks(int blocks)
    {
        long deadline = Stopwatch.GetTimestamp() + CallerSpin;
        var spin = default(SpinWait);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (Volatile.Read(ref _done) >= blocks)
            {
                return;
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }

        // Park: publish the flag, then re-check. The worker that completes the last block clears the flag and signals.
        Interlocked.Exchange(ref _callerParked, 1);
        if (Volatile.Read(ref _done) < blocks || Interlocked.Exchange(ref _callerParked, 0) == 0)
        {
            // Either the last block is still running (the signal will come) or its worker already cleared our flag
            // and released the semaphore: consume that release so the count stays balanced.
            CallerParks++;
            CallerSignal.Wait();
        }
    }

    private static void RunSerial(int blocks, IBlockJob job)
    {
        for (int b = 0; b < blocks; b++)
        {
            job.RunBlock(b);
        }
    }

    private static void RunBlocks(IBlockJob job, int blocks, int generation)
    {
        while (true)
        {
            long work = Volatile.Read(ref _work);
            int block = (int)(work & 0xFFFFFFFF);
            if ((int)(work >> 32) != generation || block >= blocks)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _work, work + 1, work) != work)
            {
                continue;
            }

            try
            {
                job.RunBlock(block);
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(ex), null);
            }
            finally
            {
                if (Interlocked.Increment(ref _done) == blocks && Interlocked.Exchange(ref _callerParked, 0) == 1)
                {
                    CallerSignal.Release();
                }
            }
        }
    }

    private sealed class Worker
    {
        private readonly int _index;
        private readonly int _firstGeneration;
        private readonly SemaphoreSlim _signal = new(0);
        private int _sleeping;

        public Worker(int index)
        {
            _index = index;
            _firstGeneration = Volatile.Read(ref _generation);
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Backprop kernel worker {index + 1}" };
            thread.Start();
        }

        public void Wake()
        {
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _signal.Release();
            }
        }

        private void Loop()
        {
            _insideJob = true;
            int seen = _firstGeneration;
            while (true)
            {
                long deadline = Stopwatch.GetTimestamp() + WorkerSpin;
                var spin = default(SpinWait);
                while (Volatile.Read(ref _generation) == seen && Stopwatch.GetTimestamp() < deadline)
                {
                    // Spins, then alternates Thread.Yield / Sleep(0): a core that another thread needs is given up.
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                if (Volatile.Read(ref _generation) == seen)
                {
                    // Full fence between publishing the flag and re-reading the generation (a plain store could be
                    // reordered after the load, and the caller's Wake would then miss this sleeper).
                    Interlocked.Exchange(ref _sleeping, 1);
                    if (Volatile.Read(ref _generation) == seen || Interlocked.Exchange(ref _sleeping, 0) == 0)
                    {
                        // Either nothing new (sleep until woken) or the caller saw us sleeping and released the signal.
                        _signal.Wait();
                    }
                }

                seen = Volatile.Read(ref _generation);
                if (_index < Volatile.Read(ref _activeHelpers) && Volatile.Read(ref _job) is { } job)
                {
                    RunBlocks(job, Volatile.Read(ref _blocks), seen);
                }
            }
        }
    }
}
