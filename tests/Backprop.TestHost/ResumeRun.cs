using System.Globalization;
using System.Numerics;
using System.Text;
using Backprop;
using Backprop.Activations;
using Backprop.Augmentation;
using Backprop.Callbacks;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

/// <summary>
/// The training run of the resume tests (in process and in the killed child): digits, a small MLP with dropout, Adam,
/// an augmentation pipeline, EarlyStopping with restore-best and ReduceLROnPlateau — everything whose state a resume
/// must carry. Each instance holds fresh objects, as a new process would.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ResumeRun<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dataset<T> _data;

    /// <summary>Creates the run's objects.</summary>
    /// <param name="rows">How many digits to train on (the first ones; 0 for all 1,797).</param>
    public ResumeRun(int rows = 0)
    {
        var digits = Datasets.Digits<T>();
        _data = rows > 0 ? digits.Subset([.. Enumerable.Range(0, rows)]) : digits;
        Model = new Sequential<T>(new Dense<T>(32, Activation.ReLU), new Dropout<T>(0.2), new Dense<T>(10));
        Optimizer = new Adam<T>(0.01);
        EarlyStopping = new EarlyStopping(patience: 5, restoreBestWeights: true);
        Plateau = new ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 2);
    }

    /// <summary>The model.</summary>
    public Sequential<T> Model { get; }

    /// <summary>The optimizer.</summary>
    public Adam<T> Optimizer { get; }

    /// <summary>The early stopping callback (restores the best weights).</summary>
    public EarlyStopping EarlyStopping { get; }

    /// <summary>The learning-rate reduction.</summary>
    public ReduceLROnPlateau Plateau { get; }

    /// <summary>Trains for <paramref name="epochs"/> epochs with the run's callbacks followed by <paramref name="more"/>.</summary>
    public History Fit(int epochs, IEnumerable<Callback> more, IProgress<EpochProgress>? progress = null, CancellationToken token = default)
        => Model.Fit(_data, new CategoricalCrossEntropy<T>(fromLogits: true), Optimizer, new FitOptions<T>
        {
            Epochs = epochs,
            BatchSize = 32,
            ValidationSplit = 0.25,
            StratifyValidationSplit = true,
            Seed = 11,
            Augmentation = new AugmentationPipeline<T>(SampleShape.Image(8, 8), seed: 5).RandomTranslation(1, 1, probability: 0.5).GaussianNoise(0.05),
            Callbacks = [EarlyStopping, Plateau, .. more],
            Metrics = [new Accuracy()],
            Progress = progress,
            CancellationToken = token,
        });

    /// <summary>
    /// Everything that must be bit-identical after a resume: the weights' bits, every logged value's bits, the stop
    /// reason, the restored epoch, the optimizer's step count and rate, and the callbacks' state.
    /// </summary>
    public string Fingerprint(History history)
    {
        var sb = new StringBuilder();
        foreach (var p in Model.Parameters)
        {
            sb.Append(p.Name).Append(' ');
            foreach (var v in p.Value.Span)
            {
                sb.Append(Bits(double.CreateTruncating(v)));
            }

            sb.Append('\n');
        }

        foreach (var e in history.Epochs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"epoch {e.Epoch}:");
            foreach (var key in e.Keys)
            {
                sb.Append(' ').Append(key).Append('=').Append(Bits(e[key]));
            }

            sb.Append('\n');
        }

        sb.Append(CultureInfo.InvariantCulture, $"stop={history.StopReason} restored={history.RestoredEpoch} nonfinite={history.NonFiniteLossAt} ");
        sb.Append(CultureInfo.InvariantCulture, $"iterations={Optimizer.Iterations} lr={Bits(Optimizer.LearningRate)} best={EarlyStopping.BestEpoch} wait={EarlyStopping.Wait} stopped={EarlyStopping.StoppedEpoch} ");
        sb.Append(CultureInfo.InvariantCulture, $"plateau best={Bits(Plateau.BestValue)} wait={Plateau.Wait}\n");
        return sb.ToString();
    }

    private static string Bits(double v) => BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture);
}
