namespace Backprop.Kernels;

/// <summary>Runs fixed-block jobs on the thread pool, limited by <see cref="Backprop.BackpropSettings.MaxThreads"/>.</summary>
internal static class Threading
{
    public static int MaxThreads => BackpropSettings.MaxThreads;

    public static void For(int blocks, IBlockJob job)
    {
        int workers = Math.Min(MaxThreads, blocks);
        if (workers <= 1)
        {
            for (int b = 0; b < blocks; b++)
            {
                job.RunBlock(b);
            }

            return;
        }

        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = workers }, job.RunBlock);
    }
}
