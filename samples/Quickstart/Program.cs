// The hello world of neural networks: learn XOR, first with Fit, then with an explicit training loop.
// Run: dotnet run -c Release --project samples/Quickstart [-- --help]
// Last line: xor_correct_fit=4 xor_correct_loop=4 (of the 4 XOR rows, how many each model gets right).
using Backprop;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Plotting;
using Backprop.Samples;

var cli = new SampleCommand("Quickstart", "XOR learned with Fit (Keras style) and with a hand-written loop (PyTorch style)");
var epochs = cli.Positive("--epochs", 500, "Epochs for Fit, and steps for the hand-written loop");
var seed = cli.Add("--seed", 1, "Seed for the weights and the shuffling");
return cli.Run(args, (parsed, run) =>
{
    float[,] x = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
    float[,] y = { { 0 }, { 1 }, { 1 }, { 0 } };
    int steps = parsed.GetValue(epochs);

    // 1. Keras style: Fit.
    var model = new Sequential<float>(
        new Dense<float>(8, Activation.Tanh),
        new Dense<float>(1, Activation.Sigmoid));
    var history = TrainingDisplay.Fit("fit", progress => model.Fit(
        Backprop.Data.Dataset<float>.From(x, y), new BinaryCrossEntropy<float>(), new Adam<float>(0.05),
        epochs: steps, batchSize: 4, seed: parsed.GetValue(seed), callbacks: [progress]));
    var fitted = model.Predict(x);
    SampleConsole.Wrote(history.SavePlot(run.OutFile("quickstart-curves.png"), new() { Title = "XOR, Fit" }));

    // 2. PyTorch style: the explicit chain rule, step by step.
    var net = new Sequential<float>(
        new Dense<float>(8, Activation.Tanh),
        new Dense<float>(1));                                  // logits
    var lossFn = new BinaryCrossEntropy<float>(fromLogits: true);
    var optimizer = new Sgd<float>(learningRate: 0.5, momentum: 0.9);
    var inputs = Tensor2D<float>.FromArray(x);
    var targets = Tensor2D<float>.FromArray(y);
    net.Build(inputFeatures: 2, seed: parsed.GetValue(seed));
    for (int step = 0; step < steps; step++)
    {
        var logits = net.Forward(inputs, training: true);       // forward
        float loss = lossFn.Forward(logits, targets);          // loss value, gradient kept
        net.Backward(lossFn.Backward());                       // ∂L/∂θ accumulated layer by layer
        optimizer.Step(net.Parameters);                        // update, then zero the gradients
        if (step % Math.Max(1, steps / 5) == 0)
        {
            SampleConsole.Line(SampleConsole.F($"loop step {step,3}: loss {loss:F4}"));
        }
    }

    var looped = net.Predict(x);
    for (int i = 0; i < 4; i++)
    {
        looped[i, 0] = 1f / (1f + MathF.Exp(-looped[i, 0]));  // logits to probabilities
    }

    SampleConsole.Table("XOR: predicted probability of 1", ["a", "b", "target", "Fit", "hand-written loop"],
        Enumerable.Range(0, 4).Select(i => (IReadOnlyList<string>)
            [$"{i >> 1}", $"{i & 1}", $"{y[i, 0]:0}", SampleConsole.F($"{fitted[i, 0]:F3}"), SampleConsole.F($"{looped[i, 0]:F3}")]));
    SampleConsole.LastLine($"xor_correct_fit={Correct(fitted)} xor_correct_loop={Correct(looped)}");
    return 0;

    int Correct(float[,] p) => Enumerable.Range(0, 4).Count(i => (p[i, 0] >= 0.5f) == (y[i, 0] == 1));
});
