using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;

namespace Backprop.Docs.Tests;

/// <summary>The small trained Digits model the persistence and ONNX snippets save and export.</summary>
public static class DigitsModels
{
    /// <summary>A new 64-32-10 MLP with dropout, trained two epochs on the embedded digits (seed 1): same weights every call.</summary>
    /// <returns>The trained model.</returns>
    public static Sequential<float> Trained()
    {
        var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dropout<float>(0.1), new Dense<float>(10));
        model.Fit(Datasets.Digits(), new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 2, seed: 1);
        return model;
    }
}
