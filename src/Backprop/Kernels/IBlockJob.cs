namespace Backprop.Kernels;

/// <summary>A unit of parallel work split into fixed, independent blocks.</summary>
internal interface IBlockJob
{
    /// <summary>Runs one block; blocks may run on any thread in any order.</summary>
    void RunBlock(int block);
}
