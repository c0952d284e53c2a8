namespace Backprop.Training;

/// <summary>
/// The few collective operations data-parallel <c>Fit</c> needs from the processes (ranks) that train one model
/// together: every rank runs the same program on its own copy of the model, and these calls are how they agree.
/// <c>Backprop.Distributed</c>'s <c>MpiCommunicator</c> implements it over MPI; <see cref="InProcessCollective"/> runs the
/// ranks as threads of one process (tests, and the reference run that adds the ranks' gradients in rank order).
/// </summary>
/// <remarks>
/// <para>Contract: every rank makes the same sequence of calls with the same lengths (a collective call returns only
/// once every rank has made it). <see cref="AllReduceSum(Span{float})"/> must give every rank the same bits.</para>
/// <para>Thread safety: an implementation serves one training loop at a time: call it from one thread per rank.</para>
/// </remarks>
public interface ICollective
{
    /// <summary>This process's rank, 0 to <see cref="Size"/> − 1. Rank 0 writes logs and checkpoints and runs the callbacks.</summary>
    int Rank { get; }

    /// <summary>The number of ranks (≥ 1).</summary>
    int Size { get; }

    /// <summary>Replaces <paramref name="values"/> on every rank, in place, by the element-wise sum over all ranks.</summary>
    /// <param name="values">This rank's values; the same length on every rank.</param>
    void AllReduceSum(Span<float> values);

    /// <summary>Replaces <paramref name="values"/> on every rank, in place, by the element-wise sum over all ranks.</summary>
    /// <param name="values">This rank's values; the same length on every rank.</param>
    void AllReduceSum(Span<double> values);

    /// <summary>Copies rank 0's <paramref name="data"/> into every other rank's <paramref name="data"/>.</summary>
    /// <param name="data">On rank 0 the bytes to send; on the others, receives them. The same length on every rank.</param>
    void Broadcast(Span<byte> data);

    /// <summary>
    /// Ends the whole job because this rank failed with <paramref name="error"/>: the other ranks must not wait for it
    /// forever. Over MPI this is <c>MPI_Abort</c>, which ends every process with a non-zero exit code and does not return;
    /// in process, the other ranks' pending and later calls throw.
    /// </summary>
    /// <param name="error">What went wrong on this rank.</param>
    void Abort(Exception error);
}
