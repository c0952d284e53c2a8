using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Models;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Models;

/// <summary>
/// One trained model, many threads: every form of Predict and Evaluate gives, under 8 concurrent callers, the bits it
/// gives one call at a time; steady-state calls allocate nothing beyond their result; and Fit refuses to overlap them.
/// </summary>
public class ServingTests
{
    private const int Features = 20;
    private const int Classes = 10;

    private enum Form
    {
        Batch,
        Into,
        Row,
        Classes,
        Evaluate,
    }

    [Fact]
    public void Eight_threads_of_mixed_calls_give_the_bits_of_single_threaded_calls()
    {
        var (model, data) = TrainedModel();
        var loss = new CategoricalCrossEntropy<float>(fromLogits: true); // one instance shared by every Evaluate call
        const int threads = 8;
        const int callsPerThread = 2000;
        var rng = new Random(17);
        var calls = new (Form Form, int Start, int Rows, int BatchSize)[threads * callsPerThread];
        for (int i = 0; i < calls.Length; i++)
        {
            var form = (Form)rng.Next(5);
            int rows = form == Form.Row ? 1 : rng.Next(1, 301);
            calls[i] = (form, rng.Next(0, data.Count - rows + 1), rows, new[] { 7, 64, 256 }[rng.Next(3)]);
        }

        // The reference: the same calls, one at a time, on this thread.
        var expected = new ulong[calls.Length];
        for (int i = 0; i < calls.Length; i++)
        {
            expected[i] = Run(model, data, loss, calls[i]);
        }

        var failures = new ConcurrentQueue<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = t; i < calls.Length; i += threads)
            {
                try
                {
                    if (Run(model, data, loss, calls[i]) != expected[i])
                    {
                        failures.Enqueue($"call {i} {calls[i]}: different bits");
                    }
                }
                catch (Exception e)
                {
                    failures.Enqueue($"call {i} {calls[i]}: {e.GetType().Name}: {e.Message}");
                }
            }
        })).ToArray();
        foreach (var w in workers)
        {
            w.Start();
        }

        foreach (var w in workers)
        {
            w.Join();
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Predict_results_do_not_depend_on_the_batch_size_or_form()
    {
        var (model, data) = TrainedModel();
        var all = model.Predict(data.Features, batchSize: 600);
        model.Predict(data.Features, batchSize: 7).Span.ToArray().Should().Equal(all.Span.ToArray());
        var into = new Tensor2D<float>(data.Count, Classes);
        model.Predict(data.Features, into, batchSize: 64);
        into.Span.ToArray().Should().Equal(all.Span.ToArray());
        var row = new float[Classes];
        for (int r = 0; r < data.Count; r += 37)
        {
            model.Predict(data.Features.Row(r), row);
            row.Should().Equal(all.Row(r).ToArray(), $"row {r}");
        }

        // And what the hand-written path gives in evaluation mode.
        model.Forward(data.Features, training: false).Span.ToArray().Should().Equal(all.Span.ToArray());
    }

    [Fact]
    public void Steady_state_predict_calls_allocate_nothing_beyond_their_result()
    {
        var (model, data) = TrainedModel();
        var input = data.Features.Row(3).ToArray();
        var row = new float[Classes];
        var batch = new Tensor2D<float>(200, Features);
        data.Features.Span[..batch.Length].CopyTo(batch.Span);
        var output = new Tensor2D<float>(200, Classes);
        for (int i = 0; i < 3; i++)
        {
            model.Predict(input, row);
            model.Predict(batch, output, batchSize: 64);
            model.Predict(batch);
        }

        // Best of a few windows: the runtime itself (tiering, the test host) now and then allocates a few hundred bytes
        // on the calling thread; a call that allocated would show in every window.
        MinAllocated(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                model.Predict(input, row);
            }
        }).Should().Be(0, "a single-row call rents its buffers from the model's pool");

        MinAllocated(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                model.Predict(batch, output, batchSize: 64);
            }
        }).Should().Be(0, "the batched call writes into the caller's buffer");

        long resultBytes = MinAllocated(() => _ = new Tensor2D<float>(200, Classes));
        MinAllocated(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                model.Predict(batch);
            }
        }).Should().Be(10 * resultBytes, "only the returned tensor is new");
    }

    [Fact]
    public void Eight_threads_predicting_single_rows_allocate_nothing_once_warm()
    {
        var (model, data) = TrainedModel();
        const int threads = 8;
        const int windows = 6;
        var allocated = new long[windows, threads];
        using var barrier = new Barrier(threads);

        // The same eight threads call in windows of 300 calls each; the first window warms up each thread (its GEMM job)
        // and the model's pool. Any later window in which a call allocated would show it; take the best one, since the
        // pool may still be settling in the second.
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var row = new float[Classes];
            for (int window = 0; window < windows; window++)
            {
                barrier.SignalAndWait();
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 300; i++)
                {
                    model.Predict(data.Features.Row(((i * threads) + t) % data.Count), row);
                }

                allocated[window, t] = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        })).ToArray();
        foreach (var w in workers)
        {
            w.Start();
        }

        foreach (var w in workers)
        {
            w.Join();
        }

        var perWindow = Enumerable.Range(1, windows - 1).Select(w => Enumerable.Range(0, threads).Sum(t => allocated[w, t])).ToArray();
        perWindow.Min().Should().Be(0, "every call rents its buffers from the model's pool, which keeps spare workspaces for eight callers");
        perWindow[^1].Should().Be(0, "once settled, the pool serves eight callers without creating anything");
    }

    [Fact]
    public void Evaluate_allocates_the_same_few_objects_whatever_the_data_size()
    {
        var (model, data) = TrainedModel();
        var loss = new CategoricalCrossEntropy<float>(fromLogits: true);
        var small = Slice(data, 0, 100);
        var metric = new Accuracy();
        for (int i = 0; i < 3; i++)
        {
            model.Evaluate(data, loss, [metric], batchSize: 64);
        }

        // The batch buffers' pool is shared by every evaluation in the process, and other tests run at the same time:
        // one of theirs may hold the buffers this call would reuse. Take the smallest of a few calls.
        long Bytes(Dataset<float> d)
        {
            long best = long.MaxValue;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                model.Evaluate(d, loss, [metric], batchSize: 64);
                best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            return best;
        }

        long smallBytes = Bytes(small);
        long largeBytes = Bytes(data);
        largeBytes.Should().Be(smallBytes, "batch buffers come from a pool; only the result (a dictionary) is new");
        smallBytes.Should().BeLessThan(2048);
    }

    [Fact]
    public async Task Fit_while_predict_calls_run_throws_naming_them_and_the_calls_finish_correctly()
    {
        using var gate = new GateLayer();
        var model = new Sequential<float>(new Dense<float>(8, Activation.ReLU), gate, new Dense<float>(3));
        model.Build(4, seed: 1);
        var x = Random(5, 4, seed: 2);
        var expected = model.Predict(x).Span.ToArray();

        gate.Close();
        var calls = new[] { Task.Run(() => model.Predict(x)), Task.Run(() => model.Predict(x)) };
        gate.WaitForEntries(2);

        var data = new Dataset<float>(Random(16, 4, seed: 3), Labels(16, 3, seed: 4));
        var fit = () => model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Sgd<float>(0.1), epochs: 1);
        fit.Should().Throw<InvalidOperationException>().WithMessage("Fit was called while 2 Predict calls are running on this model.*");
        var monteCarlo = () => model.PredictMonteCarlo(x, passes: 2);
        monteCarlo.Should().Throw<InvalidOperationException>().WithMessage("PredictMonteCarlo was called while 2 Predict calls are running*");

        gate.Open();
        foreach (var call in calls)
        {
            (await call).Span.ToArray().Should().Equal(expected, "the refused Fit changed nothing");
        }

        fit.Should().NotThrow("nothing runs on the model any more");
    }

    [Fact]
    public async Task Predict_and_evaluate_while_fit_runs_throw_naming_fit_and_its_own_thread_may_call_anything()
    {
        var model = new Sequential<float>(new Dense<float>(8, Activation.ReLU), new Dense<float>(3));
        var data = new Dataset<float>(Random(32, 4, seed: 3), Labels(32, 3, seed: 4));
        var x = Random(5, 4, seed: 2);
        using var pause = new PausingCallback(model, data);
        var fit = Task.Run(() => model.Fit(
            data, new CategoricalCrossEntropy<float>(fromLogits: true), new Sgd<float>(0.1), epochs: 2, batchSize: 8, callbacks: [pause]));
        pause.Reached.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();

        ((Action)(() => model.Predict(x))).Should().Throw<InvalidOperationException>()
            .WithMessage("Predict was called while Fit is running on this model on another thread.*Wait for Fit to return*");
        ((Action)(() => model.Predict(x.Row(0), new float[3]))).Should().Throw<InvalidOperationException>().WithMessage("Predict was called while Fit*");
        ((Action)(() => model.PredictClasses(x))).Should().Throw<InvalidOperationException>().WithMessage("Predict was called while Fit*");
        ((Action)(() => model.Evaluate(data))).Should().Throw<InvalidOperationException>().WithMessage("Evaluate was called while Fit*");
        ((Action)(() => model.Save(new MemoryStream()))).Should().Throw<InvalidOperationException>().WithMessage("Save was called while Fit*");

        // SaveWeights wrote a file mixing two steps' weights (its checksum failed only at load), and LoadWeights could
        // replace weights under a running step: both are refused like Save and Fit.
        string weights = Path.Combine(Path.GetTempPath(), $"serving-{Guid.NewGuid():N}.safetensors");
        ((Action)(() => model.SaveWeights(weights))).Should().Throw<InvalidOperationException>().WithMessage("Save was called while Fit*");
        File.Exists(weights).Should().BeFalse("nothing is written");
        ((Action)(() => model.LoadWeights(new MemoryStream()))).Should().Throw<InvalidOperationException>()
            .WithMessage("LoadWeights was called while Fit is running*Two calls that change one model cannot overlap*");
        ((Action)(() => model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Sgd<float>(0.1))))
            .Should().Throw<InvalidOperationException>().WithMessage("Fit was called while Fit is running on this model on another thread.*");

        pause.Resume.Set();
        (await fit).Epochs.Should().HaveCount(2);
        pause.InsideFit.Should().NotBeNull("the Fit thread itself evaluated, predicted and saved from its callback");
        pause.InsideFit!.Value.Should().BeInRange(0, 1);
        model.Predict(x).Rows.Should().Be(5);
    }

    [Fact]
    public async Task A_metric_shared_by_two_concurrent_evaluations_is_refused_and_a_shared_loss_is_fine()
    {
        var (model, data) = TrainedModel();
        var loss = new CategoricalCrossEntropy<float>(fromLogits: true);
        var expected = model.Evaluate(data, loss, [new Accuracy()]);
        using var blocking = new BlockingMetric();
        var first = Task.Run(() => model.Evaluate(data, loss, [blocking]));
        blocking.Entered.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();

        ((Action)(() => model.Evaluate(data, loss, [new Accuracy(), blocking]))).Should().Throw<InvalidOperationException>()
            .WithMessage("The metric 'blocking' is in use by another Evaluate call*");
        var second = model.Evaluate(data, loss, [new Accuracy()]);
        second.Loss.Should().Be(expected.Loss);
        second.Accuracy.Should().Be(expected.Accuracy);

        blocking.Proceed.Set();
        (await first).Loss.Should().Be(expected.Loss);
        model.Evaluate(data, loss, [blocking]).Loss.Should().Be(expected.Loss, "the claim ends with the call");
    }

    [Fact]
    public void Calls_check_their_arguments_with_messages()
    {
        var (model, data) = TrainedModel();
        ((Action)(() => model.Predict(new float[Features + 1], new float[Classes]))).Should().Throw<ArgumentException>()
            .WithMessage("The input row has 21 values but the model takes 20 features.*");
        ((Action)(() => model.Predict(new float[Features], new float[3]))).Should().Throw<ArgumentException>()
            .WithMessage("The output span has 3 elements but the model has 10 outputs.*");
        ((Action)(() => model.Predict(data.Features, new Tensor2D<float>(5, Classes)))).Should().Throw<ArgumentException>()
            .WithMessage("The output buffer has shape [5, 10] but 600 rows of this model's outputs need [600, 10].*");
        ((Action)(() => new Sequential<float>(new Dense<float>(2)).Predict(new float[2], new float[2]))).Should().Throw<InvalidOperationException>()
            .WithMessage("The model is not built*");
    }

    private static ulong Run(Sequential<float> model, Dataset<float> data, Loss<float> loss, (Form Form, int Start, int Rows, int BatchSize) call)
    {
        var x = new Tensor2D<float>(call.Rows, Features);
        data.Features.Span.Slice(call.Start * Features, x.Length).CopyTo(x.Span);
        switch (call.Form)
        {
            case Form.Batch:
                return Hash(model.Predict(x, call.BatchSize).Span);
            case Form.Into:
                var output = new Tensor2D<float>(call.Rows, Classes);
                model.Predict(x, output, call.BatchSize);
                return Hash(output.Span);
            case Form.Row:
                var row = new float[Classes];
                model.Predict(x.Row(0), row);
                return Hash(row);
            case Form.Classes:
                var classes = model.PredictClasses(x);
                return Hash(MemoryMarshal.Cast<int, float>(classes));
            default:
                var result = model.Evaluate(Slice(data, call.Start, call.Rows), loss, [new Accuracy()], call.BatchSize);
                return Hash(MemoryMarshal.Cast<double, float>(new[] { result.Loss, result.Accuracy }));
        }
    }

    private static ulong Hash(ReadOnlySpan<float> values)
    {
        ulong h = 14695981039346656037UL;
        foreach (uint bits in MemoryMarshal.Cast<float, uint>(values))
        {
            h = (h ^ bits) * 1099511628211UL;
        }

        return h;
    }

    private static (Sequential<float> Model, Dataset<float> Data) TrainedModel()
    {
        // Every built-in layer kind, a first product big enough (300 rows) for the kernel pool, an unfused activation
        // whose Z comes from the scratch, trained so that batch normalization's running statistics are its own.
        var model = new Sequential<float>(
            new Dense<float>(96, Activation.ReLU),
            new BatchNormalization<float>(momentum: 0.5),
            new Dense<float>(24, Activation.Tanh),
            new Dropout<float>(0.2),
            new LayerNormalization<float>(),
            new GaussianNoiseLayer<float>(0.1),
            new ActivationLayer<float>(Activation.GELU),
            new Dense<float>(Classes));
        var data = new Dataset<float>(Random(600, Features, seed: 1), Labels(600, Classes, seed: 2));
        model.Fit(data, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 2, batchSize: 64, seed: 3);
        return (model, data);
    }

    private static Dataset<float> Slice(Dataset<float> data, int start, int rows)
    {
        var x = new Tensor2D<float>(rows, data.FeatureCount);
        data.Features.Span.Slice(start * data.FeatureCount, x.Length).CopyTo(x.Span);
        var y = new Tensor2D<float>(rows, 1);
        data.Targets.Span.Slice(start, rows).CopyTo(y.Span);
        return new Dataset<float>(x, y);
    }

    /// <summary>Uniform values in [−1, 1) from a seed (also the inputs of RowSplitInferenceTests).</summary>
    internal static Tensor2D<float> Random(int rows, int columns, int seed)
    {
        var rng = new Random(seed);
        var t = new Tensor2D<float>(rows, columns);
        for (int i = 0; i < t.Length; i++)
        {
            t.Span[i] = (rng.NextSingle() * 2) - 1;
        }

        return t;
    }

    private static Tensor2D<float> Labels(int rows, int classes, int seed)
    {
        var rng = new Random(seed);
        var t = new Tensor2D<float>(rows, 1);
        for (int i = 0; i < rows; i++)
        {
            t[i, 0] = rng.Next(classes);
        }

        return t;
    }

    /// <summary>The identity, whose Infer can be held shut so that calls stay inside the model.</summary>
    private sealed class GateLayer : Layer<float>, IDisposable
    {
        private readonly ManualResetEventSlim _open = new(initialState: true);
        private int _entries;

        public void Close()
        {
            _open.Reset();
            Volatile.Write(ref _entries, 0);
        }

        public void Open() => _open.Set();

        public void WaitForEntries(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Volatile.Read(ref _entries) < count && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(1);
            }

            Volatile.Read(ref _entries).Should().BeGreaterThanOrEqualTo(count);
        }

        public void Dispose() => _open.Dispose();

        protected internal override void Infer(Tensor2D<float> input, Tensor2D<float> output, InferenceScratch<float> scratch)
        {
            Interlocked.Increment(ref _entries);
            _open.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();
            input.Span.CopyTo(output.Span);
        }

        protected override int OnBuild(int inputFeatures, int seed) => inputFeatures;

        protected override Tensor2D<float> ForwardCore(Tensor2D<float> input, bool training) => input;

        protected override Tensor2D<float> BackwardCore(Tensor2D<float> outputGradient) => outputGradient;
    }

    /// <summary>Holds Fit at its first epoch end; meanwhile it predicts, evaluates and saves the model from Fit's own thread.</summary>
    private sealed class PausingCallback(Sequential<float> model, Dataset<float> data) : Callback, IDisposable
    {
        public ManualResetEventSlim Reached { get; } = new();

        public ManualResetEventSlim Resume { get; } = new();

        public double? InsideFit { get; private set; }

        public override void OnEpochEnd(TrainingContext context)
        {
            if (context.Epoch != 0)
            {
                return;
            }

            model.Predict(data.Features);
            model.Save(new MemoryStream());
            InsideFit = model.Evaluate(data).Accuracy;
            Reached.Set();
            Resume.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();
        }

        public void Dispose()
        {
            Reached.Dispose();
            Resume.Dispose();
        }
    }

    private sealed class BlockingMetric : Metric, IDisposable
    {
        private int _updates;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Proceed { get; } = new();

        public override string Name => "blocking";

        public override void Reset() => _updates = 0;

        public override void Update<T>(Tensor2D<T> predictions, Tensor2D<T> targets)
        {
            _updates++;
            Entered.Set();
            Proceed.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();
        }

        public override double Result() => _updates;

        public void Dispose()
        {
            Entered.Dispose();
            Proceed.Dispose();
        }
    }

    private static long MinAllocated(Action body, int windows = 5)
    {
        long best = long.MaxValue;
        for (int w = 0; w < windows && best > 0; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            body();
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return best;
    }
}
