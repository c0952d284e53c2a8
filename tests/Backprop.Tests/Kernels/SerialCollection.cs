namespace Backprop.Tests.Kernels;

/// <summary>Tests that measure process-wide allocation: they run alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Serial kernel measurements";
}
