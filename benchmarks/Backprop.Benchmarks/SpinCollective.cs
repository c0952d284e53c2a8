using System.Runtime.InteropServices;
using Backprop.Training;

namespace Backprop.Benchmarks;

/// <summary>
/// A two-rank in-process <see cref="ICollective"/> for measuring (not a library type): the ranks publish pointers to
/// their buffers, each sums one half of the values in rank order (rank 0's + rank 1's, as the reference collective) and
/// writes the sums into both buffers, with spinning barriers — no copies, no allocation, no parking.
/// </summary>
/// <remarks>Thread safety: one instance per rank, each used by its own rank's thread.</remarks>
internal sealed unsafe class SpinCollective : ICollective
{
    private readonly Shared _shared;

    private SpinCollective(Shared shared, int rank)
    {
        _shared = shared;
        Rank = rank;
    }

    public int Rank { get; }

    public int Size => 2;

    public static ICollective[] Create()
    {
        var shared = new Shared();
        return [new SpinCollective(shared, 0), new SpinCollective(shared, 1)];
    }

    public void AllReduceSum(Span<float> values)
    {
        fixed (float* mine = values)
        {
            _shared.Pointers[Rank] = (nint)mine;
            _shared.Arrive();
            var a = (float*)_shared.Pointers[0];
            var b = (float*)_shared.Pointers[1];
            int n = values.Length;
            int start = Rank == 0 ? 0 : n / 2;
            int end = Rank == 0 ? n / 2 : n;
            for (int i = start; i < end; i++)
            {
                float sum = a[i] + b[i];
                a[i] = sum;
                b[i] = sum;
            }

            _shared.Arrive();
        }
    }

    public void AllReduceSum(Span<double> values)
    {
        fixed (double* mine = values)
        {
            _shared.Pointers[Rank] = (nint)mine;
            _shared.Arrive();
            var a = (double*)_shared.Pointers[0];
            var b = (double*)_shared.Pointers[1];
            if (Rank == 0)
            {
                for (int i = 0; i < values.Length; i++)
                {
                    double sum = a[i] + b[i];
                    a[i] = sum;
                    b[i] = sum;
                }
            }

            _shared.Arrive();
        }
    }

    public void Broadcast(Span<byte> data)
    {
        fixed (byte* mine = data)
        {
            _shared.Pointers[Rank] = (nint)mine;
            _shared.Arrive();
            if (Rank == 1)
            {
                new ReadOnlySpan<byte>((byte*)_shared.Pointers[0], data.Length).CopyTo(data);
            }

            _shared.Arrive();
        }
    }

    public void Abort(Exception error) => Environment.FailFast("rank failed", error);

    private sealed class Shared
    {
        public readonly nint[] Pointers = new nint[2];
        private long _arrivals;

        /// <summary>A spinning barrier for two threads.</summary>
        public void Arrive()
        {
            long ticket = Interlocked.Increment(ref _arrivals);
            long target = (ticket + 1) / 2 * 2;
            while (Volatile.Read(ref _arrivals) < target)
            {
                Thread.SpinWait(10);
            }
        }
    }
}
