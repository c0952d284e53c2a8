using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Models;
using Backprop.Optimizers;

namespace Backprop.Docs.Tests;

/// <summary>docs/threading.md.</summary>
public sealed class ThreadingSnippets : IDisposable
{
    private static readonly Dataset<float> Digits = Datasets.Digits();
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"serving-{Guid.NewGuid():N}.safetensors");

    public ThreadingSnippets()
    {
        var trained = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
        trained.Fit(Digits, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.01), epochs: 2, seed: 1);
        trained.Save(_path);
    }

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void One_loaded_model_answers_many_requests_at_once_with_the_bits_of_a_single_call()
    {
        string path = _path;
        var requests = Enumerable.Range(0, 400).Select(i => Digits.Features.Row(i % Digits.Count).ToArray()).ToArray();
        #region Serving
        var model = Sequential<float>.Load(path);                 // load once, share it with every request thread

        float[] Handle(float[] features)                          // e.g. app.MapPost("/predict", Handle) in ASP.NET Core
        {
            var scores = new float[model.OutputFeatures];
            model.Predict(features, scores);                      // one row: safe on every thread at once, allocates nothing
            return scores;
        }

        var answers = new float[requests.Length][];
        Parallel.For(0, requests.Length, i => answers[i] = Handle(requests[i]));
        #endregion

        var alone = Sequential<float>.Load(path);
        for (int i = 0; i < requests.Length; i++)
        {
            answers[i].Should().Equal(alone.Predict(new Tensor2D<float>(1, 64, requests[i])).Span.ToArray(), $"request {i}");
        }
    }

    [Fact]
    public void Evaluate_in_parallel_with_metrics_of_its_own()
    {
        var model = Sequential<float>.Load(_path);
        var loss = new CategoricalCrossEntropy<float>(fromLogits: true);
        #region ConcurrentEvaluate
        var results = new double[4];
        Parallel.For(0, 4, i =>
            results[i] = model.Evaluate(Digits, loss, metrics: [new Accuracy()]).Accuracy);  // a fresh Metric per call; the loss may be shared
        #endregion

        results.Should().AllBeEquivalentTo(results[0]);
    }

    [Fact]
    public async Task Retrain_a_copy_and_swap_the_reference_while_serving()
    {
        Sequential<float> current = Sequential<float>.Load(_path);
        var first = current;
        using var stop = new CancellationTokenSource();
        using var servedFirst = new ManualResetEventSlim();
        using var servedRetrained = new ManualResetEventSlim();

        // A thread of its own (not the pool, which the test and Fit may hold on a loaded machine), serving before the
        // retraining starts and until it has answered with the retrained model: the swap happens under traffic.
        var serving = Task.Factory.StartNew(() =>
        {
            var scores = new float[10];
            long calls = 0;
            while (!stop.IsCancellationRequested)
            {
                var model = Volatile.Read(ref current);
                model.Predict(Digits.Features.Row((int)(calls++ % Digits.Count)), scores);
                (ReferenceEquals(model, first) ? servedFirst : servedRetrained).Set();
            }

            return calls;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        servedFirst.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue("the serving thread answers with the loaded model");

        #region SwapRetrained
        var retrained = Sequential<float>.Load(_path);            // a copy: Fit on the served instance would throw
        retrained.Fit(Digits, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001), epochs: 2, seed: 2);
        var old = Interlocked.Exchange(ref current, retrained);   // new requests read the retrained model
        #endregion

        servedRetrained.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue("requests after the swap read the retrained model");
        stop.Cancel();
        (await serving).Should().BeGreaterThan(1);
        old.Should().BeSameAs(first);
        current.Should().BeSameAs(retrained);
    }
}
