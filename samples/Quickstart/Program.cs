// The hello world of neural networks: learn XOR, first with Fit, then with an explicit training loop.
// Run: dotnet run -c Release --project samples/Quickstart
using Backprop;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Models;

float[,] x = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
float[,] y = { { 0 }, { 1 }, { 1 }, { 0 } };

// 1. Keras style: Fit.
var model = new Sequential<float>(
    new Dense<float>(8, Activation.Tanh),
    new Dense<float>(1, Activation.Sigmoid));
model.Fit(x, y, new BinaryCrossEntropy<float>(), new Adam<float>(0.05), new() { Epochs = 500, BatchSize = 4, Seed = 1 });
Print("Fit", model.Predict(x));

// 2. PyTorch style: the explicit chain rule, step by step.
var net = new Sequential<float>(
    new Dense<float>(8, Activation.Tanh),
    new Dense<float>(1));                                  // logits
var lossFn = new BinaryCrossEntropy<float>(fromLogits: true);
var optimizer = new Sgd<float>(learningRate: 0.5, momentum: 0.9);
var inputs = Tensor2D<float>.FromArray(x);
var targets = Tensor2D<float>.FromArray(y);
net.Build(inputFeatures: 2, seed: 1);
for (int step = 0; step < 500; step++)
{
    var logits = net.Forward(inputs, training: true);       // forward
    float loss = lossFn.Forward(logits, targets);          // loss value, gradient kept
    net.Backward(lossFn.Backward());                       // ∂L/∂θ accumulated layer by layer
    optimizer.Step(net.Parameters);                        // update, then zero the gradients
    if (step % 100 == 0)
    {
        Console.WriteLine($"step {step,3}: loss {loss:F4}");
    }
}

var probabilities = net.Predict(x);
for (int i = 0; i < 4; i++)
{
    probabilities[i, 0] = 1f / (1f + MathF.Exp(-probabilities[i, 0]));
}

Print("Custom loop", probabilities);

static void Print(string title, float[,] predictions)
{
    Console.WriteLine($"{title}:");
    for (int i = 0; i < 4; i++)
    {
        Console.WriteLine($"  {i >> 1} XOR {i & 1} = {predictions[i, 0]:F3}");
    }
}
