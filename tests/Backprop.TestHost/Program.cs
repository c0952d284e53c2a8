// Child process for the crash tests (tests/Backprop.Tests/Serialization/CrashTests.cs):
//   save-loop <path>        saves two different models to <path> alternately, forever, printing "ready" after the first save
//   predict <path> <seed>   loads <path> and prints the hex bits of its predictions for fixed inputs
//   train-resume <dir> <out> trains ResumeRun<float> with BackupAndRestore(<dir>), printing "start <epoch>" when its first
//                            epoch begins, "b" after each batch and "epoch <e>" after each epoch's checkpoint; writes the run's fingerprint to
//                            <out> (atomically) when it finishes (tests/Backprop.Tests/Callbacks/ResumeCrashTests.cs)
using System.Globalization;
using Backprop;
using Backprop.Activations;
using Backprop.Callbacks;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Training;

switch (args.FirstOrDefault())
{
    case "save-loop":
        SaveLoop(args[1]);
        return 0;
    case "train-resume":
        TrainResume(args[1], args[2]);
        return 0;
    case "predict":
        Predict(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        return 0;
    default:
        Console.Error.WriteLine("usage: save-loop <path> | predict <path> <seed> | train-resume <dir> <out>");
        return 2;
}

static void SaveLoop(string path)
{
    Sequential<float>[] models = [CrashModels.Create(1), CrashModels.Create(2)];
    models[0].Save(path);
    Console.WriteLine("ready");
    Console.Out.Flush();
    for (long i = 1; ; i++)
    {
        models[i % 2].Save(path);
    }
}

static void TrainResume(string directory, string output)
{
    var run = new ResumeRun<float>();
    var history = run.Fit(
        ResumeCrash.Epochs,
        [new BackupAndRestore(directory), new AnnounceStart()],
        new SynchronousProgress<EpochProgress>(p =>
        {
            Console.WriteLine($"epoch {p.Epoch}");
            Console.Out.Flush();
        }));
    string temp = output + ".tmp";
    File.WriteAllText(temp, run.Fingerprint(history));
    File.Move(temp, output, overwrite: true);
    Console.WriteLine("done");
}

static void Predict(string path, int seed)
{
    var model = Sequential<float>.Load(path);
    var x = CrashModels.Inputs(model.InputFeatures, seed);
    foreach (float v in model.Predict(x).Span)
    {
        Console.Write(BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture));
    }

    Console.WriteLine();
}

/// <summary>The models and inputs both the child and the tests build.</summary>
public static class CrashModels
{
    /// <summary>A model large enough (about 1 MB on disk) that a kill often lands inside a save.</summary>
    public static Sequential<float> Create(int seed)
    {
        var model = new Sequential<float>(new Dense<float>(256, Activation.ReLU), new Dense<float>(256, Activation.Tanh), new Dense<float>(10));
        model.Build(784, seed);
        return model;
    }

    /// <summary>Deterministic inputs.</summary>
    public static Tensor2D<float> Inputs(int features, int seed)
    {
        var rng = new Random(seed);
        var x = new Tensor2D<float>(16, features);
        for (int i = 0; i < x.Length; i++)
        {
            x.Span[i] = (float)rng.NextDouble();
        }

        return x;
    }
}

/// <summary>What the killed child of the resume test trains.</summary>
public static class ResumeCrash
{
    /// <summary>Epochs of the run.</summary>
    public const int Epochs = 30;
}

/// <summary>Prints "start e" when the first epoch of the Fit begins (e is 0, or the epoch a checkpoint resumed at), and "b" after each batch.</summary>
internal sealed class AnnounceStart : Callback
{
    private bool _announced;

    public override void OnTrainBegin(TrainingContext context) => _announced = false;

    public override void OnEpochBegin(TrainingContext context)
    {
        if (!_announced)
        {
            _announced = true;
            Console.WriteLine($"start {context.Epoch}");
            Console.Out.Flush();
        }
    }

    public override void OnBatchEnd(TrainingContext context)
    {
        Console.WriteLine("b");
        Console.Out.Flush();
    }
}
