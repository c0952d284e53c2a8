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
    private const long Closed = int.MaxValue;
    private static readonly object Gate = new();
    private static readonly List<Worker> Workers = [];
    private static IBlockJob? _job;
    private static int _blocks;
    private static int _activeHelpers;
    private static int _done;
    private static int _generation;

    // (generation << 32) | next unclaimed block. Claims succeed only for the current generation, and a finished
    // generation is closed (next = int.MaxValue) before the next job is published, so a late worker can never run
    // a block of a job it did not see start.
    private static long _work = Closed;
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

            // Wait only for blocks that workers have claimed and are still running (not for workers to wake up).
            var spin = default(SpinWait);
            while (Volatile.Read(ref _done) < blocks)
            {
                spin.SpinOnce(sleep1Threshold: -1);
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
                Interlocked.Increment(ref _done);
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
                if (_index < Volatile.Read(ref _activeHelpers) && Volatile.Read(ref _job) is { } job)
                {
                    RunBlocks(job, Volatile.Read(ref _blocks), seen);
                }
            }
        }
    }
}
