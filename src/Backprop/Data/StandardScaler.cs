using System.Numerics;

namespace Backprop.Data;

/// <summary>Standardisation: each feature minus its training mean, divided by its training standard deviation (population, ddof = 0, as scikit-learn).</summary>
/// <remarks>Thread safety: <c>Fit</c> writes the fitted statistics (do it once, on one thread, before use); afterwards
/// <c>Transform</c> and <c>InverseTransform</c> only read them and may run on many threads at once.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class StandardScaler<T> : FeatureScaler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    protected override void ComputeStatistics(Tensor2D<T> features, Span<double> offset, Span<double> scale)
    {
        ArgumentNullException.ThrowIfNull(features);
        for (int j = 0; j < features.Columns; j++)
        {
            double mean = 0, m2 = 0;
            for (int i = 0; i < features.Rows; i++)
            {
                double v = double.CreateTruncating(features[i, j]);
                double d = v - mean;
                mean += d / (i + 1);
                m2 += d * (v - mean);
            }

            offset[j] = mean;
            scale[j] = Math.Sqrt(m2 / features.Rows);
        }
    }
}
