using Backprop;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Models;

/// <summary>The MLP 784-512-256-10 shared by the run and the timing mode.</summary>
internal static class Network
{
    public static Sequential<float> Create() => new(
        new Dense<float>(512, Activation.ReLU),
        new Dropout<float>(0.1),
        new Dense<float>(256, Activation.ReLU),
        new Dropout<float>(0.1),
        new Dense<float>(10));
}
