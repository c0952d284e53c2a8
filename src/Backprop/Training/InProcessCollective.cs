namespace Backprop.Training;

/// <summary>
/// <see cref="ICollective"/> for ranks that are threads of one process: the reference for data-parallel training.
/// Each rank's <see cref="AllReduceSum(Span{float})"/> adds the ranks' values <em>in rank order</em>
/// (((r₀ + r₁) + r₂) + …), so training <c>Size</c> models on <c>Size</c> threads with these collectives is the
/// single-process computation that MPI data parallelism must reproduce: with 2 ranks the two sums are the same bits.
/// </summary>
/// <remarks>
/// <para>Use: <c>var ranks = InProcessCollective.Create(2);</c>, then on thread r train model r with
/// <c>FitOptions.Distributed = ranks[r]</c>. A rank that fails calls <see cref="Abort"/> (<c>Fit</c> does), and every other
/// rank's waiting or later call throws an <see cref="OperationCanceledException"/> naming it, so no thread hangs.</para>
/// <para>Thread safety: one instance per rank, each used by its rank's thread only; the instances of one
/// <see cref="Create"/> call coordinate through a shared barrier.</para>
/// </remarks>
public sealed class InProcessCollective : ICollective
{
    private readonly Group _group;

    private InProcessCollective(Group group, int rank)
    {
        _group = group;
        Rank = rank;
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size => _group.Size;

    /// <summary>Creates the collectives of <paramref name="ranks"/> ranks that talk to each other.</summary>
    /// <param name="ranks">Number of ranks (≥ 1).</param>
    /// <returns>One collective per rank, index = rank.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ranks"/> is below 1.</exception>
    public static IReadOnlyList<ICollective> Create(int ranks)
    {
        Guard.AtLeast(ranks, 1, nameof(ranks));
        var group = new Group(ranks);
        return [.. Enumerable.Range(0, ranks).Select(r => new InProcessCollective(group, r))];
    }

    /// <inheritdoc/>
    public void AllReduceSum(Span<float> values) => Reduce(values, _group.Floats);

    /// <inheritdoc/>
    public void AllReduceSum(Span<double> values) => Reduce(values, _group.Doubles);

    /// <inheritdoc/>
    public void Broadcast(Span<byte> data)
    {
        if (Rank == 0)
        {
            _group.Bytes[0] = data.ToArray();
        }

        _group.Wait(Rank);
        if (Rank != 0)
        {
            _group.Bytes[0]!.AsSpan().CopyTo(data);
        }

        _group.Wait(Rank);
    }

    /// <inheritdoc/>
    public void Abort(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _group.Abort(Rank, error);
    }

    private void Reduce<TValue>(Span<TValue> values, TValue[]?[] staging)
        where TValue : unmanaged, System.Numerics.INumber<TValue>
    {
        staging[Rank] = values.ToArray();
        _group.Wait(Rank);
        staging[0]!.AsSpan().CopyTo(values);
        for (int r = 1; r < Size; r++)
        {
            var other = staging[r]!;
            if (other.Length != values.Length)
            {
                throw new InvalidOperationException($"AllReduceSum: rank {r} gave {other.Length} values and rank {Rank} {values.Length}; every rank must give the same count.");
            }

            System.Numerics.Tensors.TensorPrimitives.Add(values, other, values);
        }

        _group.Wait(Rank);
    }

    /// <summary>What the ranks of one <see cref="Create"/> call share.</summary>
    private sealed class Group(int size)
    {
        private readonly Barrier _barrier = new(size);
        private readonly CancellationTokenSource _aborted = new();
        private string _reason = "";

        public int Size { get; } = size;

        public float[]?[] Floats { get; } = new float[size][];

        public double[]?[] Doubles { get; } = new double[size][];

        public byte[]?[] Bytes { get; } = new byte[1][];

        public void Wait(int rank)
        {
            try
            {
                _barrier.SignalAndWait(_aborted.Token);
            }
            catch (OperationCanceledException e)
            {
                throw new OperationCanceledException($"Rank {rank} stopped because {_reason}", e, _aborted.Token);
            }
        }

        public void Abort(int rank, Exception error)
        {
            lock (_aborted)
            {
                if (!_aborted.IsCancellationRequested)
                {
                    _reason = $"rank {rank} aborted the job: {error.GetType().Name}: {error.Message}";
                    _aborted.Cancel();
                }
            }
        }
    }
}
