using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>How one GEMM call is cut into blocks for the kernel pool.</summary>
public unsafe class GemmJobTests
{
    [Theory]
    [InlineData(128, 512, 784)] // MLP-MNIST forward, first layer
    [InlineData(128, 256, 512)] // second layer: was 2 tiles, one per thread
    [InlineData(128, 512, 256)] // input gradient of the second layer
    [InlineData(784, 512, 128)] // weight gradient of the first layer
    public void A_parallel_call_on_a_training_batch_has_at_least_two_tiles_per_thread(int m, int n, int k)
    {
        foreach (int threads in new[] { 2, 3, 4 })
        {
            Grid(m, n, k, threads).Tiles.Should().BeGreaterThanOrEqualTo(2 * threads, $"{m}×{n}×{k} on {threads} threads");
        }

        // One thread keeps the large tiles (no block is too many there).
        Grid(m, n, k, 1).Tiles.Should().BeLessThanOrEqualTo(Grid(m, n, k, 2).Tiles);
    }

    [Fact]
    public void Tiles_never_get_narrower_than_one_sliver_or_shorter_than_four_row_slivers()
    {
        // 24 rows × 32 columns (one Vector512 sliver) is one tile however many threads there are.
        Grid(24, 32, 300, 8).Tiles.Should().Be(1);
        Grid(48, 64, 300, 8).Tiles.Should().Be(4);
        Grid(48, 64, 300, 2).Tiles.Should().Be(4);
    }

    [Fact]
    public void The_packing_order_is_a_permutation_that_gives_each_threads_range_its_share_of_a_and_of_b()
    {
        foreach (int a in new[] { 0, 1, 3, 7 })
        {
            foreach (int b in new[] { 0, 1, 2, 8, 13 })
            {
                foreach (int threads in new[] { 1, 2, 3, 4 })
                {
                    int n = a + b;
                    var order = Enumerable.Range(0, n).Select(i => GemmJob<float>.PackOrder(i, a, b, threads)).ToArray();
                    order.Should().BeEquivalentTo(Enumerable.Range(0, n), $"a={a} b={b} threads={threads}");
                }
            }
        }

        // One thread: A's blocks, then B's, in order. Two threads, 3 A blocks and 13 B-row blocks (MLP-MNIST's first
        // layer): the caller's range (positions 0–7) packs B's row blocks 0–5 (weight rows 0–383, the rows the
        // optimizer's caller half updates), the worker's range (8–15) row blocks 6–12.
        Enumerable.Range(0, 16).Select(i => GemmJob<float>.PackOrder(i, 3, 13, 1)).Should().Equal(Enumerable.Range(0, 16));
        Enumerable.Range(0, 16).Select(i => GemmJob<float>.PackOrder(i, 3, 13, 2)).Should().Equal(0, 3, 4, 5, 6, 7, 8, 1, 2, 9, 10, 11, 12, 13, 14, 15);
    }

    private static (int Tiles, int PackBlocks) Grid(int m, int n, int k, int threads)
    {
        var job = new GemmJob<float>();
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            job.Prepare(GemmIsa.Vector512, Gemm.NR<float>(GemmIsa.Vector512), false, false, pa, pb, pc, m, n, k, false, null, false, threads);
            job.Release();
            return (job.TileCount, job.PackBlocks);
        }
    }
}
