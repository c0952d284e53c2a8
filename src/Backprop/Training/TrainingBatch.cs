using System.Numerics;

namespace Backprop.Training;

/// <summary>One training batch as <see cref="BatchSource{T}"/> yields it: features, targets and sample weights together.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Features">Features <c>[rows, features]</c> (augmented when the fit has a pipeline).</param>
/// <param name="Targets">Targets <c>[rows, 1]</c> class indices or <c>[rows, outputs]</c> (soft after MixUp/CutMix).</param>
/// <param name="SampleWeights">Weights <c>[rows, 1]</c>, or null when every sample weighs 1.</param>
/// <param name="Offset">In data-parallel training, the index of this rank's first row within the global batch (else 0).</param>
/// <param name="GlobalRows">Rows in the global batch (this rank's and the others'); equals <see cref="Rows"/> in one process.</param>
internal readonly record struct TrainingBatch<T>(Tensor2D<T> Features, Tensor2D<T> Targets, Tensor2D<T>? SampleWeights, int Offset, int GlobalRows)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A whole batch (one process).</summary>
    public TrainingBatch(Tensor2D<T> features, Tensor2D<T> targets, Tensor2D<T>? sampleWeights)
        : this(features, targets, sampleWeights, 0, features.Rows)
    {
    }

    /// <summary>Samples in the batch.</summary>
    public int Rows => Features.Rows;

    /// <summary>The weights as the span a loss takes (empty when there are none).</summary>
    public ReadOnlySpan<T> Weights => SampleWeights is null ? default : SampleWeights.Span;
}
