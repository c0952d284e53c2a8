using Backprop.Distributed.TestHost;
using Backprop.Training;

namespace Backprop.Distributed.Tests;

/// <summary>Two real MPI processes (mpiexec.mpich -n 2 on this machine) against the in-process reference.</summary>
public sealed class TwoRankTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-mpi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [MpiFact]
    public void Two_MPI_ranks_give_weights_bit_identical_to_one_process_adding_the_same_shards_in_rank_order()
    {
        string file = Path.Combine(_dir, "weights.bin");
        var (exit, output, _) = Mpiexec.Run(2, Limit, "train", file);
        exit.Should().Be(0, output);

        var collectives = InProcessCollective.Create(2);
        var reference = collectives.AsParallel().WithDegreeOfParallelism(2).Select(c => (c.Rank, Scenario.Train(c).Weights)).ToArray();
        var expected = reference.Single(r => r.Rank == 0).Weights;

        Scenario.Read(file).Should().Equal(expected);
        Scenario.Read(file + ".rank1").Should().Equal(expected, "both ranks hold the same weights");
        output.Should().Contain("rank 0 of 2");
    }

    [MpiFact]
    public void One_step_on_two_MPI_ranks_is_within_1e5_of_ordinary_single_process_training()
    {
        string file = Path.Combine(_dir, "step.bin");
        var (exit, output, _) = Mpiexec.Run(2, Limit, "one-step", file);
        exit.Should().Be(0, output);

        var single = Scenario.OneStep(distributed: null);
        var ranks = Scenario.Read(file);
        ranks.Should().HaveCount(single.Length);
        single.Zip(ranks, (a, b) => Math.Abs(a - b)).Max().Should().BeLessThan(1e-5f);
    }

    [MpiFact]
    public void A_rank_that_throws_ends_the_whole_job_with_a_nonzero_exit_code_in_bounded_time()
    {
        var (exit, output, elapsed) = Mpiexec.Run(2, TimeSpan.FromSeconds(60), "throw");

        exit.Should().NotBe(0, output);
        output.Should().Contain("rank 1 failed").And.Contain("planned failure").And.NotContain("finished");
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60));
    }

    [MpiFact]
    public void A_killed_rank_ends_the_whole_job_with_a_nonzero_exit_code_in_bounded_time()
    {
        var (exit, output, _) = Mpiexec.Run(2, TimeSpan.FromSeconds(60), "kill");

        exit.Should().NotBe(0, output);
        output.Should().NotContain("finished");
    }
}
