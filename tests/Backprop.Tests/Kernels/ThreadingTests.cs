using System.Diagnostics;
using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>
/// The kernel worker pool: every block of every job runs exactly once, errors reach the caller, and the pool neither
/// stalls nor loses a wake-up when jobs arrive at any pace — back to back, after the workers have parked, and on an
/// oversubscribed machine.
/// </summary>
[Collection(SerialCollection.Name)]
public class ThreadingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_block_runs_exactly_once_whatever_the_pace_of_the_jobs(int scenario)
    {
        WithThreads(2, () =>
        {
            var rng = new Random(11 + scenario);
            var job = new CountingJob();
            using var hogs = scenario == 3 ? new CpuHogs(Environment.ProcessorCount + 2) : null;
            int jobs = scenario switch { 0 => 5000, 1 => 40, _ => 400 };
            var clock = Stopwatch.StartNew();
            for (int j = 0; j < jobs; j++)
            {
                int blocks = rng.Next(1, 17);
                job.Reset(blocks, workIterations: scenario == 0 ? 0 : rng.Next(0, 20_000));
                Threading.For(blocks, job);
                job.Counts.Take(blocks).Should().AllSatisfy(c => c.Should().Be(1), $"job {j} has {blocks} blocks");
                if (scenario == 1)
                {
                    // Long enough for the worker to park: the next job must wake it (or run without it).
                    Thread.Sleep(2);
                }

                if (scenario == 2 && j % 3 == 0)
                {
                    // Gaps near the worker's spin budget, where parking races the next job.
                    var until = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2000) + rng.Next(-50, 50);
                    while (Stopwatch.GetTimestamp() < until)
                    {
                        Thread.SpinWait(10);
                    }
                }
            }

            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "a lost wake-up would stall the caller");
        });
    }

    [Fact]
    public void A_block_that_outlasts_the_callers_spin_parks_the_caller_and_the_worker_wakes_it()
    {
        WithThreads(2, () =>
        {
            var job = new SlowSecondBlockJob();
            long parksBefore = Threading.CallerParks;
            int parkedRuns = 0;
            for (int run = 0; run < 10; run++)
            {
                job.Reset();
                Threading.For(2, job);
                job.Ran.Should().Be(3, "both blocks ran exactly once (bit 0 and bit 1)");
                if (Threading.CallerParks > parksBefore)
                {
                    parkedRuns++;
                    parksBefore = Threading.CallerParks;
                }
            }

            // The worker's block is the slow one every time, so the caller finishes first and must park, then be woken.
            parkedRuns.Should().Be(10);
        });
    }

    [Fact]
    public void Each_thread_starts_at_the_front_of_its_own_contiguous_range_of_blocks()
    {
        // 8 blocks on 2 threads: the caller owns 0–3, the worker 4–7. Whatever the timing (a late worker, a thief taking
        // blocks from the back of the other's range), each thread's first block is the front of its own range, so the
        // same job shape puts the same memory on the same core step after step.
        WithThreads(2, () =>
        {
            var job = new FirstBlockJob();
            for (int run = 0; run < 20; run++)
            {
                job.Reset();
                Threading.For(8, job);
                job.CallerFirst.Should().Be(0);
                job.WorkerFirst.Should().BeOneOf(-1, 4);
                job.Ran.Should().Be(255, "every block ran exactly once");
            }
        });
    }

    [Fact]
    public void An_exception_in_a_block_reaches_the_caller_and_the_pool_keeps_working()
    {
        WithThreads(2, () =>
        {
            var failing = new FailingJob(failAt: 5);
            var act = () => Threading.For(8, failing);
            act.Should().Throw<InvalidOperationException>().WithMessage("block 5 failed");

            var job = new CountingJob();
            job.Reset(8, workIterations: 1000);
            Threading.For(8, job);
            job.Counts.Take(8).Should().AllSatisfy(c => c.Should().Be(1));
        });
    }

    [Fact]
    public void Callers_on_several_threads_at_once_each_get_every_block_of_their_own_job_exactly_once()
    {
        // One caller at a time owns the pool; the others run their blocks on their own threads (same blocks, so the
        // same results). This is what lets many threads predict with one model.
        WithThreads(2, () =>
        {
            var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var callers = Enumerable.Range(0, 4).Select(c => new Thread(() =>
            {
                var rng = new Random(c);
                var job = new CountingJob();
                for (int j = 0; j < 500; j++)
                {
                    int blocks = rng.Next(1, 17);
                    job.Reset(blocks, workIterations: rng.Next(0, 2000));
                    Threading.For(blocks, job);
                    if (job.Counts.Take(blocks).Any(count => count != 1) || job.Counts.Skip(blocks).Any(count => count != 0))
                    {
                        failures.Enqueue($"caller {c}, job {j}: counts {string.Join(",", job.Counts)}");
                    }
                }
            })).ToArray();
            foreach (var t in callers)
            {
                t.Start();
            }

            foreach (var t in callers)
            {
                t.Join();
            }

            failures.Should().BeEmpty();
        });
    }

    private static void WithThreads(int threads, Action body)
    {
        int saved = BackpropSettings.MaxThreads;
        BackpropSettings.MaxThreads = threads;
        try
        {
            body();
        }
        finally
        {
            BackpropSettings.MaxThreads = saved;
        }
    }

    private sealed class CountingJob : IBlockJob
    {
        private int _work;

        public int[] Counts { get; } = new int[16];

        public void Reset(int blocks, int workIterations)
        {
            Array.Clear(Counts);
            _work = workIterations;
        }

        public void RunBlock(int block)
        {
            double x = 1;
            for (int i = 0; i < _work; i++)
            {
                x = (x * 1.0000001) + 1e-9;
            }

            if (x < 0)
            {
                throw new InvalidOperationException("unreachable");
            }

            Interlocked.Increment(ref Counts[block]);
        }
    }

    private sealed class FirstBlockJob : IBlockJob
    {
        private readonly int _caller = Environment.CurrentManagedThreadId;
        private int _callerFirst;
        private int _workerFirst;
        private int _ran;

        public int CallerFirst => Volatile.Read(ref _callerFirst);

        public int WorkerFirst => Volatile.Read(ref _workerFirst);

        public int Ran => Volatile.Read(ref _ran);

        public void Reset()
        {
            _callerFirst = -1;
            _workerFirst = -1;
            _ran = 0;
        }

        public void RunBlock(int block)
        {
            ref int first = ref Environment.CurrentManagedThreadId == _caller ? ref _callerFirst : ref _workerFirst;
            Interlocked.CompareExchange(ref first, block, -1);
            Thread.SpinWait(20_000);
            Interlocked.Or(ref _ran, 1 << block);
        }
    }

    private sealed class SlowSecondBlockJob : IBlockJob
    {
        private readonly ManualResetEventSlim _workerStarted = new();
        private readonly int _caller = Environment.CurrentManagedThreadId;
        private int _ran;

        public int Ran => Volatile.Read(ref _ran);

        public void Reset()
        {
            _ran = 0;
            _workerStarted.Reset();
        }

        public void RunBlock(int block)
        {
            if (Environment.CurrentManagedThreadId == _caller)
            {
                // The caller's block holds on until a worker has started the other one (either may be claimed first).
                _workerStarted.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue("a worker must take the other block");
            }
            else
            {
                _workerStarted.Set();
                Thread.Sleep(40);
            }

            Interlocked.Or(ref _ran, 1 << block);
        }
    }

    private sealed class FailingJob(int failAt) : IBlockJob
    {
        public void RunBlock(int block)
        {
            if (block == failAt)
            {
                throw new InvalidOperationException($"block {block} failed");
            }
        }
    }

    /// <summary>Busy threads that oversubscribe the machine for the lifetime of the object.</summary>
    private sealed class CpuHogs : IDisposable
    {
        private readonly Thread[] _threads;
        private volatile bool _stop;

        public CpuHogs(int count)
        {
            _threads = new Thread[count];
            for (int i = 0; i < count; i++)
            {
                _threads[i] = new Thread(() =>
                {
                    while (!_stop)
                    {
                        Thread.SpinWait(100);
                    }
                })
                { IsBackground = true };
                _threads[i].Start();
            }
        }

        public void Dispose()
        {
            _stop = true;
            foreach (var t in _threads)
            {
                t.Join();
            }
        }
    }
}
