using System.Numerics;

namespace Backprop.Data;

/// <summary>
/// Min-max scaling: maps each feature's training range [min, max] linearly onto [<see cref="Min"/>, <see cref="Max"/>]
/// (default [0, 1]). Later data outside the training range lands outside the target range (no clipping).
/// A constant feature maps to <see cref="Min"/>.
/// </summary>
/// <remarks>Thread safety: <c>Fit</c> writes the fitted statistics (do it once, on one thread, before use); afterwards
/// <c>Transform</c> and <c>InverseTransform</c> only read them and may run on many threads at once.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MinMaxScaler<T> : FeatureScaler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the scaler.</summary>
    /// <param name="min">The lower end of the target range.</param>
    /// <param name="max">The upper end, &gt; <paramref name="min"/>.</param>
    public MinMaxScaler(double min = 0, double max = 1)
    {
        (Min, Max) = Guard.Range((min, max), "(min, max)", strict: true, owner: "MinMaxScaler target range");
    }

    /// <summary>The lower end of the target range.</summary>
    public double Min { get; }

    /// <summary>The upper end of the target range.</summary>
    public double Max { get; }

    /// <inheritdoc/>
    protected override void ComputeStatistics(Tensor2D<T> features, Span<double> offset, Span<double> scale)
    {
        ArgumentNullException.ThrowIfNull(features);
        for (int j = 0; j < features.Columns; j++)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            for (int i = 0; i < features.Rows; i++)
            {
                double v = double.CreateTruncating(features[i, j]);
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }

            // x′ = Min + (x − lo)·(Max − Min)/(hi − lo) = (x − offset)/scale.
            double s = hi > lo ? (hi - lo) / (Max - Min) : 1;
            scale[j] = s;
            offset[j] = lo - (Min * s);
        }
    }
}
