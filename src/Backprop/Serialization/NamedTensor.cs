namespace Backprop.Serialization;

/// <summary>A tensor saved beside the parameters (e.g. optimizer state in a checkpoint).</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Name">Its name in the file; extra tensors carry a colon (<c>optimizer:dense/kernel:0</c>) so they never collide with a parameter.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Data">Its values.</param>
internal sealed record NamedTensor<T>(string Name, long[] Shape, Memory<T> Data)
    where T : unmanaged;
