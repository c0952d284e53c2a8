using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.Tests.Callbacks;

/// <summary>Trains a tiny model while a fake callback injects a scripted monitored value each epoch.</summary>
internal sealed class ScriptedRun
{
    public ScriptedRun(double[] script, string key = "score")
    {
        Script = script;
        Key = key;
        Model = new Sequential<double>(new Dense<double>(2));
        Model.Build(3, seed: 1);
    }

    public double[] Script { get; }

    public string Key { get; }

    public Sequential<double> Model { get; }

    /// <summary>Weights at the end of each epoch (after the injection, before the callbacks under test).</summary>
    public List<double[]> WeightsPerEpoch { get; } = [];

    public Sgd<double> Optimizer { get; } = new(0.05);

    public double[] Weights() => Model.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();

    public History Fit(params Callback[] callbacks) => Fit(Script.Length, default, callbacks);

    public History Fit(int epochs, CancellationToken token, params Callback[] callbacks)
    {
        WeightsPerEpoch.Clear();
        var data = new Dataset<double>(TestData.Random(16, 3, seed: 4), TestData.Random(16, 2, seed: 5));
        return Model.Fit(data, new MeanSquaredError<double>(), Optimizer, epochs: epochs, batchSize: 4, seed: 2,
            callbacks: [new Inject(this), .. callbacks], cancellationToken: token);
    }

    private sealed class Inject(ScriptedRun run) : Callback
    {
        public override void OnEpochEnd(TrainingContext context)
        {
            context.Logs[run.Key] = run.Script[context.Epoch];
            run.WeightsPerEpoch.Add(run.Weights());
        }
    }
}
