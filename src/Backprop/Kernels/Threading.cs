using System.Runtime.ExceptionServices;

namespace Backprop.Kernels;

/// <summary>
/// A persistent pool of worker threads that runs fixed-block jobs (<see cref="IBlockJob"/>), limited by
/// <see cref="BackpropSettings.MaxThreads"/>. The caller takes part; blocks are handed out by an atomic counter,
/// so which thread runs a block never changes what the block computes. Dispatching allocates nothing:
/// workers spin briefly between jobs (kernels come in quick succession during training), then sleep.
/// </summary>
internal static class Threading
{
    private const int SpinIterations = 4_000;
    private static readonly object Gate = new();
    private static readonly List<Worker> Workers = [];
    private static IBlockJob? _job;
    private static int _blocks;
    private static int _next;
    private static int _activeHelpers;
    private static int _finished;
    private static int _generation;
    private static ExceptionDispatchInfo? _error;

    [ThreadStatic]
    private static bool _insideJob;

    /// <summary>The most threads a kernel may use.</summary>
    public static int MaxThreads => BackpropSettings.MaxThreads;

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

            _job = job;
            _blocks = blocks;
            _next = 0;
            _finished = 0;
            _error = null;
            Volatile.Write(ref _activeHelpers, helpers);
            Interlocked.Increment(ref _generation);
            for (int i = 0; i < helpers; i++)
            {
                Workers[i].Wake();
            }

            _insideJob = true;
            try
            {
                RunBlocks(job, blocks);
            }
            finally
            {
                _insideJob = false;
            }

            var spin = default(SpinWait);
            while (Volatile.Read(ref _finished) < helpers)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            _job = null;
            _error?.Throw();
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static void RunSerial(int blocks, IBlockJob job)
    {
        for (int b = 0; b < blocks; b++)
        {
            job.RunBlock(b);
        }
    }

    private static void RunBlocks(IBlockJob job, int blocks)
    {
        try
        {
            int b;
            while ((b = Interlocked.Increment(ref _next) - 1) < blocks)
            {
                job.RunBlock(b);
            }
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(ex), null);
            Volatile.Write(ref _next, blocks);
        }
    }

    private sealed class Worker
    {
        private readonly int _index;
        private readonly SemaphoreSlim _signal = new(0);
        private readonly int _firstGeneration;
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
                int spins = 0;
                while (Volatile.Read(ref _generation) == seen && spins < SpinIterations)
                {
                    Thread.SpinWait(20);
                    spins++;
                }

                if (Volatile.Read(ref _generation) == seen)
                {
                    Volatile.Write(ref _sleeping, 1);
                    if (Volatile.Read(ref _generation) == seen || Interlocked.Exchange(ref _sleeping, 0) == 0)
                    {
                        // Either nothing new (sleep until woken) or the caller saw us sleeping and released the signal.
                        _signal.Wait();
                    }
                }

                seen = Volatile.Read(ref _generation);
                if (_index < Volatile.Read(ref _activeHelpers) && _job is { } job)
                {
                    RunBlocks(job, _blocks);
                    Interlocked.Increment(ref _finished);
                }
            }
        }
    }
}
