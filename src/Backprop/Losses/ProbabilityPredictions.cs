using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Losses;

/// <summary>
/// The check a cross-entropy built with <c>fromLogits: false</c> makes on its predictions: they must be probabilities.
/// A model that ends in a linear layer (raw scores, logits) trained against such a loss would otherwise get a loss that
/// goes negative (−log p of a p above 1) and a useless model, with no error (Keras normalises and clips silently;
/// PyTorch's <c>BCELoss</c> raises, as this does).
/// </summary>
internal static class ProbabilityPredictions
{
    /// <summary>A probability this far above 1 is still accepted (rounding of a softmax or a caller's own values).</summary>
    private const double Slack = 1e-5;

    /// <summary>Throws unless every prediction is in [0, 1] (NaN is left to the loss: it makes the loss NaN).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="predictions">The predictions.</param>
    /// <param name="loss">The loss's name, for the message.</param>
    /// <param name="activation">The output activation that gives probabilities for this loss (Softmax, Sigmoid).</param>
    /// <exception cref="ArgumentOutOfRangeException">A prediction is below 0 or above 1.</exception>
    public static void Check<T>(Tensor2D<T> predictions, string loss, string activation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> p = predictions.Span;
        if (p.IsEmpty)
        {
            return;
        }

        // Min and Max propagate NaN: such a batch is the loss's to report (NaN loss), not an out-of-range value.
        double min = double.CreateTruncating(TensorPrimitives.Min(p));
        double max = double.CreateTruncating(TensorPrimitives.Max(p));
        if (!(min < 0 || max > 1 + Slack))
        {
            return;
        }

        int at = min < 0 ? TensorPrimitives.IndexOfMin(p) : TensorPrimitives.IndexOfMax(p);
        string value = double.CreateTruncating(p[at]).ToString("G6", CultureInfo.InvariantCulture);
        throw new ArgumentOutOfRangeException(
            nameof(predictions),
            $"{loss} with fromLogits: false takes probabilities in [0, 1], but the prediction at row {at / predictions.Columns}, " +
            $"column {at % predictions.Columns} is {value}: the model seems to output raw scores (logits). Construct the loss " +
            $"with fromLogits: true (faster and more accurate), or end the model with Activation.{activation}.");
    }
}
