using System.Numerics;

namespace Backprop.Augmentation;

/// <summary>Checks shared by the tabular transforms that fit statistics on training data.</summary>
internal static class Tabular
{
    public static Tensor2D<T> RequireData<T>(Tensor2D<T>? features, SampleShape shape, string who)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (features is null || features.Rows == 0)
        {
            throw new InvalidOperationException($"{who} fits statistics on the training data, but none was given to Prepare.");
        }

        if (features.Columns != shape.Length)
        {
            throw new ArgumentException(
                $"{who}: the training data has {features.Columns} features but the sample shape {shape} has {shape.Length}.", nameof(features));
        }

        return features;
    }

    public static double[] RequirePrepared(double[]? stats, int features, string who)
    {
        if (stats is null)
        {
            throw new InvalidOperationException($"{who} is not fitted: call Prepare with the training data first (the pipeline does it in Fit).");
        }

        if (stats.Length != features)
        {
            throw new ArgumentException($"{who} was fitted on {stats.Length} features but the sample has {features}.", nameof(features));
        }

        return stats;
    }
}
