using System.Numerics;
using Backprop.Data;

namespace Backprop.Training;

/// <summary>Checks that a data set fits a model before training or evaluation touches a kernel.</summary>
internal static class TargetCheck
{
    /// <summary>Throws unless <paramref name="data"/> has <paramref name="features"/> features and targets fitting <paramref name="outputs"/> outputs.</summary>
    /// <param name="data">The data.</param>
    /// <param name="features">The model's input width.</param>
    /// <param name="outputs">The model's output width.</param>
    /// <param name="what">"training", "validation" or "evaluation", for the message.</param>
    public static void Fits<T>(Dataset<T> data, int features, int outputs, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.FeatureCount != features)
        {
            throw new ArgumentException(
                $"The {what} data has {data.FeatureCount} features but the model takes {features}.", nameof(data));
        }

        if (data.Targets.Columns == 1 && outputs > 1)
        {
            Guard.ClassLabels(data.Targets.Span, outputs, $"{what} label", nameof(data));
        }
        else if (data.Targets.Columns != outputs)
        {
            throw new ArgumentException(
                $"The {what} targets have {data.Targets.Columns} columns but the model has {outputs} outputs.", nameof(data));
        }
    }
}
