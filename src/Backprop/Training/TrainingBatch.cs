using System.Numerics;

namespace Backprop.Training;

/// <summary>One training batch as <see cref="BatchSource{T}"/> yields it: features, targets and sample weights together.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Features">Features <c>[rows, features]</c> (augmented when the fit has a pipeline).</param>
/// <param name="Targets">Targets <c>[rows, 1]</c> class indices or <c>[rows, outputs]</c> (soft after MixUp/CutMix).</param>
/// <param name="SampleWeights">Weights <c>[rows, 1]</c>, or null when every sample weighs 1.</param>
internal readonly record struct TrainingBatch<T>(Tensor2D<T> Features, Tensor2D<T> Targets, Tensor2D<T>? SampleWeights)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Samples in the batch.</summary>
    public int Rows => Features.Rows;

    /// <summary>The weights as the span a loss takes (empty when there are none).</summary>
    public ReadOnlySpan<T> Weights => SampleWeights is null ? default : SampleWeights.Span;
}
