using System.Numerics;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;

namespace Backprop.Models;

/// <summary>
/// Refuses a model whose last layer already squashes its outputs into probabilities (softmax, sigmoid) trained with a
/// cross-entropy told that the outputs are logits: the loss would apply the squashing a second time, and the model
/// trains on, badly (on digits the loss plateaus near 1.5 instead of reaching 0.02). Keras warns; this throws, like the
/// ONNX exporter given <c>AppendSoftmax</c> on such a model.
/// </summary>
internal static class OutputLossCheck
{
    /// <summary>The activation a layer ends in (a Dense layer's, or an activation layer's), or null for any other layer.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="layer">The layer.</param>
    /// <returns>Its activation, or null.</returns>
    public static Activation? ActivationOf<T>(Layer<T> layer)
        where T : unmanaged, IFloatingPointIeee754<T>
        => layer switch
        {
            Dense<T> dense => dense.Activation,
            ActivationLayer<T> activationLayer => activationLayer.Activation,
            _ => null,
        };

    /// <summary>Throws when <paramref name="loss"/> takes logits and the model's last layer ends in the matching squashing.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="layers">The model's layers.</param>
    /// <param name="loss">The loss given to Fit.</param>
    /// <exception cref="ArgumentException">The last layer ends in a softmax (or sigmoid) and the loss is told <c>fromLogits: true</c>.</exception>
    public static void Check<T>(IReadOnlyList<Layer<T>> layers, Loss<T> loss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (layers.Count == 0)
        {
            return;
        }

        var last = layers[^1];
        var activation = ActivationOf(last);
        string? squashing = loss switch
        {
            CategoricalCrossEntropy<T> { FromLogits: true } when ReferenceEquals(activation, Activation.Softmax) => "softmax",
            BinaryCrossEntropy<T> { FromLogits: true } when ReferenceEquals(activation, Activation.Sigmoid) => "sigmoid",
            _ => null,
        };
        if (squashing is not null)
        {
            throw new ArgumentException(
                $"The model's last layer '{last.Name}' ends in a {squashing}, but the loss {loss.Name} is told fromLogits: true, so it " +
                $"would apply the {squashing} a second time. Remove the {squashing} from the last layer (recommended: the loss " +
                $"then computes it fused and exactly), or construct the loss with fromLogits: false.",
                nameof(loss));
        }
    }
}
