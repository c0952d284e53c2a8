using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Training;
using Backprop.Models;

namespace Backprop.Tests.Callbacks;

/// <summary>
/// Trains a tiny model (16 rows, 4 batches per epoch) while a fake callback, first in the list, injects scripted
/// values: the monitored key each epoch, optionally more keys, and optionally a batch's training loss.
/// </summary>
internal sealed class ScriptedRun
{
    private readonly Dictionary<string, double[]> _more = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Epoch, int Batch), double> _batchLosses = [];

    /// <summary>Creates the run.</summary>
    /// <param name="script">The value of <paramref name="key"/> per epoch.</param>
    /// <param name="key">The injected key.</param>
    /// <param name="metrics">
    /// The metrics given to Fit (what auto mode sees). Default: one metric named "score", lower is better, so that
    /// the default key resolves to <see cref="Backprop.Callbacks.MonitorMode.Min"/> in auto mode.
    /// </param>
    public ScriptedRun(double[] script, string key = "score", IReadOnlyList<Metric>? metrics = null)
    {
        Script = script;
        Key = key;
        Metrics = metrics ?? [new ScriptedMetric("score", higherIsBetter: false)];
        Model = new Sequential<double>(new Dense<double>(2));
        Model.Build(3, seed: 1);
    }

    public double[] Script { get; }

    public string Key { get; }

    public IReadOnlyList<Metric> Metrics { get; }

    public Sequential<double> Model { get; }

    /// <summary>Weights at the end of each epoch (after the injection, before the callbacks under test).</summary>
    public List<double[]> WeightsPerEpoch { get; } = [];

    public Sgd<double> Optimizer { get; } = new(0.05);

    public double[] Weights() => Model.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();

    /// <summary>Also injects <paramref name="key"/> with its own script (read where the script has a value).</summary>
    public ScriptedRun With(string key, double[] script)
    {
        _more[key] = script;
        return this;
    }

    /// <summary>Makes the training loss of one batch read <paramref name="loss"/> in the batch-end hooks.</summary>
    public ScriptedRun WithBatchLoss(int epoch, int batch, double loss)
    {
        _batchLosses[(epoch, batch)] = loss;
        return this;
    }

    public History Fit(params Callback[] callbacks) => Fit(Script.Length, default, callbacks);

    public History Fit(int epochs, CancellationToken token, params Callback[] callbacks)
        => Fit(epochs, token, progress: null, callbacks);

    public History Fit(int epochs, CancellationToken token, IProgress<EpochProgress>? progress, params Callback[] callbacks)
    {
        WeightsPerEpoch.Clear();
        var data = new Dataset<double>(TestData.Random(16, 3, seed: 4), TestData.Random(16, 2, seed: 5));
        return Model.Fit(data, new MeanSquaredError<double>(), Optimizer, epochs: epochs, batchSize: 4, seed: 2,
            callbacks: [new Inject(this), .. callbacks], metrics: Metrics, progress: progress, cancellationToken: token);
    }

    private sealed class Inject(ScriptedRun run) : Callback
    {
        public override void OnBatchEnd(TrainingContext context)
        {
            if (run._batchLosses.TryGetValue((context.Epoch, context.Batch), out double loss))
            {
                context.EndBatch(loss, 0);
            }
        }

        public override void OnEpochEnd(TrainingContext context)
        {
            context.Logs[run.Key] = run.Script[context.Epoch];
            foreach (var (key, script) in run._more)
            {
                if (context.Epoch < script.Length)
                {
                    context.Logs[key] = script[context.Epoch];
                }
            }

            run.WeightsPerEpoch.Add(run.Weights());
        }
    }
}

/// <summary>A metric that computes nothing (its value is injected by <see cref="ScriptedRun"/>) but has a name and a direction.</summary>
internal sealed class ScriptedMetric(string name, bool higherIsBetter) : Metric
{
    public override string Name => name;

    public override bool HigherIsBetter => higherIsBetter;

    public override void Reset()
    {
    }

    public override void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
    {
    }

    public override double Result() => double.NaN;
}
