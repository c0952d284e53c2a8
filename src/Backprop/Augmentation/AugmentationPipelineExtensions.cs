using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>
/// Fluent shortcuts: <c>new AugmentationPipeline&lt;float&gt;(SampleShape.Image(28, 28), seed: 1).RandomAffine(10, 2).RandomErasing(0.3).MixUp(0.2)</c>.
/// Each appends the transform of the same name with the same parameters and returns the pipeline.
/// </summary>
/// <remarks>Thread safety: each method adds a transform to the pipeline it is given: build a pipeline on one thread,
/// before it is used.</remarks>
public static class AugmentationPipelineExtensions
{
    /// <summary>Appends <see cref="RandomTranslation{T}"/> (shift up to ± pixels).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="maxShiftX">Largest horizontal shift in pixels.</param>
    /// <param name="maxShiftY">Largest vertical shift in pixels.</param>
    /// <param name="probability">Chance per sample.</param>
    /// <param name="fillMode">What to read outside the image.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> RandomTranslation<T>(this AugmentationPipeline<T> pipeline, double maxShiftX, double maxShiftY, double probability = 1, FillMode fillMode = FillMode.Constant)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new RandomTranslation<T>(maxShiftX, maxShiftY, probability, fillMode));

    /// <summary>Appends <see cref="RandomRotation{T}"/> (up to ± degrees).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="maxDegrees">Largest angle in degrees.</param>
    /// <param name="probability">Chance per sample.</param>
    /// <param name="fillMode">What to read outside the image.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> RandomRotation<T>(this AugmentationPipeline<T> pipeline, double maxDegrees, double probability = 1, FillMode fillMode = FillMode.Constant)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new RandomRotation<T>(maxDegrees, probability, fillMode));

    /// <summary>Appends <see cref="RandomZoom{T}"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="minScale">Smallest zoom factor.</param>
    /// <param name="maxScale">Largest zoom factor.</param>
    /// <param name="probability">Chance per sample.</param>
    /// <param name="fillMode">What to read outside the image.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> RandomZoom<T>(this AugmentationPipeline<T> pipeline, double minScale, double maxScale, double probability = 1, FillMode fillMode = FillMode.Constant)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new RandomZoom<T>(minScale, maxScale, probability, fillMode));

    /// <summary>Appends <see cref="RandomAffine{T}"/> (rotation, zoom and shift in one resampling).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="maxDegrees">Largest rotation in degrees.</param>
    /// <param name="maxShift">Largest shift in pixels.</param>
    /// <param name="minScale">Smallest zoom factor.</param>
    /// <param name="maxScale">Largest zoom factor.</param>
    /// <param name="probability">Chance per sample.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> RandomAffine<T>(this AugmentationPipeline<T> pipeline, double maxDegrees, double maxShift, double minScale = 1, double maxScale = 1, double probability = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new RandomAffine<T>(maxDegrees, maxShift, minScale, maxScale, probability));

    /// <summary>Appends <see cref="RandomFlip{T}"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="horizontal">Flip left ↔ right.</param>
    /// <param name="vertical">Flip top ↔ bottom.</param>
    /// <param name="probability">Chance of a flip per enabled axis.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> RandomFlip<T>(this AugmentationPipeline<T> pipeline, bool horizontal = true, bool vertical = false, double probability = 0.5)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new RandomFlip<T>(horizontal, vertical, probability));

    /// <summary>Appends <see cref="RandomErasing{T}"/> (cutout).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="probability">Chance per sample.</param>
    /// <param name="minArea">Smallest erased area fraction.</param>
    /// <param name="maxArea">Largest erased area fraction.</param>
    /// <param name="fillValue">Value written into the rectangle.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> RandomErasing<T>(this AugmentationPipeline<T> pipeline, double probability = 0.5, double minArea = 0.02, double maxArea = 0.33, double fillValue = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new RandomErasing<T>(probability, minArea, maxArea, fillValue: fillValue));

    /// <summary>Appends <see cref="ElasticDistortion{T}"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="magnitude">Largest displacement in pixels.</param>
    /// <param name="gridSize">Cells per side of the displacement grid.</param>
    /// <param name="probability">Chance per sample.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> ElasticDistortion<T>(this AugmentationPipeline<T> pipeline, double magnitude, int gridSize = 3, double probability = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new ElasticDistortion<T>(magnitude, gridSize, probability));

    /// <summary>Appends <see cref="RandomBrightness{T}"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="maxDelta">Largest offset.</param>
    /// <param name="probability">Chance per sample.</param>
    /// <param name="clamp">Optional range to clip to.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> RandomBrightness<T>(this AugmentationPipeline<T> pipeline, double maxDelta, double probability = 1, (double Min, double Max)? clamp = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new RandomBrightness<T>(maxDelta, probability, clamp));

    /// <summary>Appends <see cref="RandomContrast{T}"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="minFactor">Smallest factor.</param>
    /// <param name="maxFactor">Largest factor.</param>
    /// <param name="probability">Chance per sample.</param>
    /// <param name="clamp">Optional range to clip to.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> RandomContrast<T>(this AugmentationPipeline<T> pipeline, double minFactor, double maxFactor, double probability = 1, (double Min, double Max)? clamp = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new RandomContrast<T>(minFactor, maxFactor, probability, clamp));

    /// <summary>Appends <see cref="GaussianNoise{T}"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="standardDeviation">σ of the noise.</param>
    /// <param name="probability">Chance per sample.</param>
    /// <param name="clamp">Optional range to clip to.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> GaussianNoise<T>(this AugmentationPipeline<T> pipeline, double standardDeviation, double probability = 1, (double Min, double Max)? clamp = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new GaussianNoise<T>(standardDeviation, probability, clamp));

    /// <summary>Appends <see cref="FeatureNoise{T}"/> (tabular, scaled by each feature's spread).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="scale">σ as a multiple of each feature's standard deviation.</param>
    /// <param name="probability">Chance per sample.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> FeatureNoise<T>(this AugmentationPipeline<T> pipeline, double scale, double probability = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new FeatureNoise<T>(scale, probability));

    /// <summary>Appends <see cref="FeatureDropout{T}"/> (tabular).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="rate">Chance that a feature is dropped.</param>
    /// <param name="probability">Chance per sample.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> FeatureDropout<T>(this AugmentationPipeline<T> pipeline, double rate, double probability = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new FeatureDropout<T>(rate, probability));

    /// <summary>Appends <see cref="SwapNoise{T}"/> (tabular).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="rate">Chance that a feature is swapped.</param>
    /// <param name="probability">Chance per sample.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> SwapNoise<T>(this AugmentationPipeline<T> pipeline, double rate, double probability = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new SwapNoise<T>(rate, probability));

    /// <summary>Appends <see cref="MixUp{T}"/> (per batch).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="alpha">α of Beta(α, α).</param>
    /// <param name="probability">Chance per batch.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> MixUp<T>(this AugmentationPipeline<T> pipeline, double alpha = 0.2, double probability = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new MixUp<T>(alpha, probability));

    /// <summary>Appends <see cref="CutMix{T}"/> (per batch).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="alpha">α of Beta(α, α).</param>
    /// <param name="probability">Chance per batch.</param>
    /// <returns>The pipeline.</returns>
    public static AugmentationPipeline<T> CutMix<T>(this AugmentationPipeline<T> pipeline, double alpha = 1.0, double probability = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Checked(pipeline).Add(new CutMix<T>(alpha, probability));

    private static AugmentationPipeline<T> Checked<T>(AugmentationPipeline<T> pipeline)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline;
    }
}
