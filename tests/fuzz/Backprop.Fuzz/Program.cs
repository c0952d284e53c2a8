using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Regularization;
using Backprop.Serialization;
using SharpFuzz;

namespace Backprop.Fuzz;

/// <summary>
/// The AFL++ target for the model-file loader. Each input goes through the loader without <c>Sequential.Load</c>'s
/// catch-all safety net (<see cref="ModelFile.Read{T}"/>, then the <see cref="Sequential{T}"/> construction and build
/// that <c>Load</c> does), as <see cref="float"/> and as <see cref="double"/>, from a seekable and from a forward-only
/// stream. Only <see cref="InvalidDataException"/> is caught: any other exception escapes to SharpFuzz, which reports
/// a crash to afl-fuzz; a hang is reported by afl-fuzz's timeout. A file that loads must also save and load again
/// with the same weights.
/// </summary>
/// <remarks>
/// Modes: no argument — the fuzz target (under afl-fuzz; outside it, one input from standard input);
/// <c>seeds DIR</c> — writes valid model files to DIR; <c>check FILE|DIR...</c> — runs each file through the same
/// target in-process and prints what escaped (exit code 1 when something did).
/// </remarks>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                Target(memory.ToArray());
            });
            return 0;
        }

        GiveTheTraceSomewhereToWrite();
        return args[0] switch
        {
            "seeds" when args.Length == 2 => WriteSeeds(args[1]),
            "check" when args.Length >= 2 => Check(args[1..]),
            _ => Usage(),
        };
    }

    /// <summary>
    /// Outside afl-fuzz, SharpFuzz's instrumentation in Backprop.dll writes to a null trace map: the seeds and check
    /// modes point it at a scratch buffer instead (harmless when Backprop.dll is not instrumented).
    /// </summary>
    private static unsafe void GiveTheTraceSomewhereToWrite()
    {
        if (SharpFuzz.Common.Trace.SharedMem == null)
        {
            SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(1 << 16);
        }
    }

    /// <summary>Loads <paramref name="bytes"/> every way; throws anything but <see cref="InvalidDataException"/>.</summary>
    /// <returns>How many of the four loads succeeded.</returns>
    public static int Target(byte[] bytes)
        => Load<float>(bytes, seekable: true) + Load<double>(bytes, seekable: true)
            + Load<float>(bytes, seekable: false) + Load<double>(bytes, seekable: false);

    private static int Load<T>(byte[] bytes, bool seekable)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Sequential<T> model;
        try
        {
            using Stream stream = seekable ? new MemoryStream(bytes, writable: false) : new ForwardOnlyStream(bytes);
            var loaded = ModelFile.Read<T>(stream, ModelLoadOptions.Default, allowExtraTensors: false);
            model = new Sequential<T>([.. loaded.Layers]);
            model.Build(loaded.InputFeatures);
        }
        catch (InvalidDataException)
        {
            return 0;
        }

        // It loaded: it must survive a save and a load (any exception here, InvalidDataException included, is a crash).
        using var saved = new MemoryStream();
        model.Save(saved);
        saved.Position = 0;
        var again = ModelFile.Read<T>(saved, ModelLoadOptions.Default, allowExtraTensors: false);
        var before = model.Layers.SelectMany(l => l.Parameters).ToList();
        var after = again.Layers.SelectMany(l => l.Parameters).ToList();
        if (before.Count != after.Count)
        {
            throw new InvalidOperationException($"The reloaded model has {after.Count} parameters instead of {before.Count}.");
        }

        for (int i = 0; i < before.Count; i++)
        {
            if (!MemoryMarshal.AsBytes(before[i].Value.Span).SequenceEqual(MemoryMarshal.AsBytes(after[i].Value.Span)))
            {
                throw new InvalidOperationException($"Parameter '{before[i].Name}' changed in a save and load.");
            }
        }

        return 1;
    }

    private static int Check(string[] paths)
    {
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p) : [p]).Order(StringComparer.Ordinal).ToList();
        int failures = 0;
        foreach (var file in files)
        {
            try
            {
                Console.WriteLine(Target(File.ReadAllBytes(file)) > 0 ? $"loads    {file}" : $"refused  {file}");
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"ESCAPED  {file}: {e.GetType().FullName}: {e.Message}");
                Console.WriteLine(e.StackTrace);
            }
        }

        Console.WriteLine($"{files.Count} files, {failures} with an escaping exception");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Small valid files for the seed folder: float and double, every layer type and component, frozen parameters.</summary>
    private static int WriteSeeds(string folder)
    {
        Directory.CreateDirectory(folder);
        Write(folder, "dense-f32", Build<float>(2, new Dense<float>(3, Activation.ReLU)));
        Write(folder, "dense-f64", Build<double>(2, new Dense<double>(2, Activation.Sigmoid, useBias: false)));

        var frozen = Build<float>(
            3,
            new Dense<float>(4, Activation.LeakyReLU(0.2), kernelRegularizer: new L2(1e-3), biasConstraint: new NonNeg()),
            new BatchNormalization<float>(momentum: 0.9, epsilon: 1e-4),
            new Dropout<float>(0.25, seed: 5),
            new Dense<float>(2, Activation.Softmax));
        frozen.Layers[0].Parameters[0].Trainable = false;
        Write(folder, "frozen-f32", frozen);

        Write(folder, "norms-f64", Build<double>(
            3,
            new LayerNormalization<double>(epsilon: 1e-5),
            new GaussianNoiseLayer<double>(0.2, seed: 6),
            new AlphaDropout<double>(0.05, seed: 8),
            new GaussianDropout<double>(0.1, seed: 11),
            new ActivationLayer<double>(Activation.GELUTanh),
            new Dense<double>(2, Activation.ELU(0.7), kernelInitializer: new VarianceScaling(1.5, FanMode.Out, Distribution.Normal), kernelConstraint: new UnitNorm(1))));

        Write(folder, "every-f32", EveryComponent<float>());
        Write(folder, "every-f64", EveryComponent<double>());
        WithPlainQuotes(Path.Combine(folder, "dense-f32"), Path.Combine(folder, "dense-f32-quotes"));
        WithPlainQuotes(Path.Combine(folder, "every-f64"), Path.Combine(folder, "every-f64-quotes"));
        return 0;
    }

    /// <summary>
    /// The same file with the architecture's quotes escaped as <c>\"</c> instead of the writer's <c>\u0022</c>: the
    /// metadata strings, and so the checksum, are unchanged, and byte-level mutations reach the architecture's keys
    /// more easily.
    /// </summary>
    private static void WithPlainQuotes(string source, string destination)
    {
        byte[] bytes = File.ReadAllBytes(source);
        int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        string header = Encoding.UTF8.GetString(bytes, 8, length).Replace("\\u0022", "\\\"", StringComparison.Ordinal).TrimEnd(' ');
        byte[] json = Encoding.UTF8.GetBytes(header);
        int padded = (json.Length + 7) & ~7;
        using var file = File.Create(destination);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded);
        file.Write(prefix);
        file.Write(json);
        file.Write("       "u8[..(padded - json.Length)]);
        file.Write(bytes.AsSpan(8 + length));
        Console.WriteLine($"{destination}: {file.Length} bytes");
    }

    private static Sequential<T> EveryComponent<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => Build<T>(
            2,
            new Dense<T>(3, Activation.GELU, kernelRegularizer: new L1(1e-4), biasRegularizer: new L1L2(1e-5, 2e-5), activityRegularizer: new L2(1e-3), kernelConstraint: new MaxNorm(3, axis: 0)),
            new Dense<T>(3, Activation.SELU, kernelInitializer: Initializer.HeNormal, biasInitializer: Initializer.Constant(0.1)),
            new ActivationLayer<T>(Activation.SiLU),
            new ActivationLayer<T>(Activation.Softplus),
            new ActivationLayer<T>(Activation.HardSigmoid),
            new ActivationLayer<T>(Activation.Tanh),
            new Dense<T>(2, Activation.Identity, kernelInitializer: Initializer.LeCunUniform));

    private static Sequential<T> Build<T>(int inputs, params Layer<T>[] layers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = new Sequential<T>(layers);
        model.Build(inputs, seed: 7);
        return model;
    }

    private static void Write<T>(string folder, string name, Sequential<T> model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string path = Path.Combine(folder, name);
        model.Save(path);
        Console.WriteLine($"{path}: {new FileInfo(path).Length} bytes");
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Backprop.Fuzz                 (under afl-fuzz: the fuzz target, input on standard input)");
        Console.Error.WriteLine("       Backprop.Fuzz seeds DIR       (writes valid model files)");
        Console.Error.WriteLine("       Backprop.Fuzz check FILE|DIR… (runs files through the target, prints what escapes)");
        return 2;
    }

    /// <summary>A stream that cannot seek or tell its length, like a network or decompression stream.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(buffer.Length, bytes.Length - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
