using System.Numerics;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Metrics;

namespace Backprop.Training;

/// <summary>
/// The one rule that decides whether a task is classification, and so which metrics <c>Fit</c> and <c>Evaluate</c>
/// compute when none are given.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>loss</term><description>default metrics</description></listheader>
/// <item><term><see cref="CategoricalCrossEntropy{T}"/></term><description><see cref="Accuracy"/> (arg-max)</description></item>
/// <item><term><see cref="BinaryCrossEntropy{T}"/></term><description><see cref="BinaryAccuracy"/> (element-wise, so a
/// multi-label model is scored per label) named "accuracy", with threshold 0 for logits, 0.5 for probabilities</description></item>
/// <item><term>any other loss</term><description>none (regression)</description></item>
/// <item><term>no loss (<c>Evaluate</c> only)</term><description>
/// <see cref="Accuracy"/> when the model has several outputs and the targets are class indices or rows that are
/// distributions (non-negative, summing to 1); otherwise none. A one-output model gets none: without the loss,
/// a logit cannot be told from a probability, so pass the loss or <c>new Accuracy(threshold)</c>.
/// </description></item>
/// </list>
/// <para>Thread safety: static methods with no shared state; safe to call from many threads at once, each call working
/// on its own arguments. Every call returns new metric instances.</para>
/// </remarks>
public static class DefaultMetrics
{
    /// <summary>The default metrics for a loss (may be null), a model's output count and the data.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="loss">The loss, or null.</param>
    /// <param name="modelOutputs">Features per model output.</param>
    /// <param name="data">The data the metrics will see.</param>
    /// <returns>New metric instances.</returns>
    public static IReadOnlyList<Metric> For<T>(Loss<T>? loss, int modelOutputs, Dataset<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        return loss switch
        {
            CategoricalCrossEntropy<T> => [new Accuracy()],
            BinaryCrossEntropy<T> bce => [new BinaryAccuracy(bce.FromLogits ? 0.0 : 0.5, name: "accuracy")],
            null when modelOutputs > 1 && (data.HasClassLabels || RowsAreDistributions(data.Targets, modelOutputs)) => [new Accuracy()],
            _ => [],
        };
    }

    private static bool RowsAreDistributions<T>(Tensor2D<T> targets, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (targets.Columns != outputs)
        {
            return false;
        }

        for (int r = 0; r < targets.Rows; r++)
        {
            double sum = 0;
            foreach (var v in targets.Row(r))
            {
                if (v < T.Zero)
                {
                    return false;
                }

                sum += double.CreateTruncating(v);
            }

            if (Math.Abs(sum - 1) > 1e-3)
            {
                return false;
            }
        }

        return true;
    }
}
