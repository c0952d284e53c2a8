using System.Diagnostics;
using Backprop.Kernels;
using Backprop.Layers;
using Backprop.Activations;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
using static Backprop.Benchmarks.Workloads;

namespace Backprop.Benchmarks;

/// <summary>
/// <c>workload digits-calls</c>: the best-of-7 µs of each call a digits-sized training step makes (batch 32, 64→32→10,
/// one thread), each called 5,000 times in a row on a fixed batch, so a per-call overhead shows apart from the FLOPs.
/// Companion of <c>profile-digits</c>, which times the phases of shuffled steps.
/// </summary>
internal static class DigitsCalls
{
    private static readonly List<(string Name, Action Call)> Calls = [];

    /// <summary>Registers a call; <see cref="TimeAll"/> times them once every one has run long enough to be fully tiered up.</summary>
    private static void Time(string name, Action a)
    {
        a(); // later calls may need this one's state (the loss's Backward needs its Forward)
        string? only = Environment.GetEnvironmentVariable("BACKPROP_DIGITS_CALLS_ONLY");
        if (only is null || only == name)
        {
            Calls.Add((name, a));
        }
    }

    /// <summary>
    /// Runs every registered call round-robin for three seconds (the JIT promotes code to its optimized tier only after
    /// call counting and a delay that any new tier-0 code restarts: timed after 20,000 calls of each, the optimizer step on
    /// one 10-value bias took 0.35 µs, after three seconds 0.06), then the best of 7 × 5,000 calls of each.
    /// BACKPROP_DIGITS_CALLS_ONLY=name keeps one call only (e.g. for <c>perf record</c>).
    /// </summary>
    private static void TimeAll()
    {
        long end = Stopwatch.GetTimestamp() + (3 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            foreach (var (_, call) in Calls)
            {
                for (int i = 0; i < 100; i++) call();
            }
        }

        foreach (var (name, call) in Calls)
        {
            var best = double.MaxValue;
            for (int r = 0; r < 7; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < 5000; i++) call();
                double us = (Stopwatch.GetTimestamp() - t0) * 1e6 / Stopwatch.Frequency / 5000;
                best = Math.Min(best, us);
            }

            Result("calls_" + name + "_us", best);
        }
    }

    public static void Run()
    {
        BackpropSettings.MaxThreads = 1;
        var data = Synthetic(1797, 64, 10, seed: 2);
        var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));
        var loss = new CategoricalCrossEntropy<float>(fromLogits: true);
        var opt = new Sgd<float>(0.0, momentum: 0.9);
        var x = new Tensor2D<float>(32, 64);
        var y = new Tensor2D<float>(32, 1);
        data.Features.Span[..x.Length].CopyTo(x.Span);
        data.Targets.Span[..y.Length].CopyTo(y.Span);
        int[] order = Enumerable.Range(0, 1797).Reverse().ToArray();
        Tensor2D<float>? gx = null, gy = null;
        Time("gather", () => { data.Features.GatherRows(order.AsSpan(0, 32), ref gx); data.Targets.GatherRows(order.AsSpan(0, 32), ref gy); });
        Time("gather_x", () => data.Features.GatherRows(order.AsSpan(0, 32), ref gx));
        Time("gather_y", () => data.Targets.GatherRows(order.AsSpan(0, 32), ref gy));
        var sv = new float[2410]; var sg = new float[2410]; var sm = new float[2410];
        Time("sgdm_2410", () => Elementwise.SgdMomentum<float>(sv, sg, sm, 0f, 0.9f, false));
        var logits = model.Forward(x, training: true);
        Time("forward", () => model.Forward(x, training: true));
        Time("loss", () => loss.Forward(logits, y));
        // The metric and the loss on 97 different random batches in turn, as in training, where no branch predictor
        // learns the rows' arg-max positions (the same batch every call measured the accuracy at a third of its cost).
        var accuracy = new Backprop.Metrics.Accuracy();
        var rng = new Random(5);
        var batches = Enumerable.Range(0, 97).Select(_ =>
        {
            var t = new Tensor2D<float>(32, 10);
            foreach (ref var v in t.Span) v = (float)(rng.NextDouble() * 4 - 2);
            var labels = new Tensor2D<float>(32, 1);
            foreach (ref var v in labels.Span) v = rng.Next(10);
            return (Logits: t, Labels: labels);
        }).ToArray();
        int turn = 0;
        Time("accuracy", () => { var b = batches[turn++ % 97]; accuracy.Update(b.Logits, b.Labels); });
        Time("loss_varied", () => { var b = batches[turn++ % 97]; loss.Forward(b.Logits, b.Labels); });
        var g = loss.Backward();
        Time("backward", () => model.BackwardParametersOnly(g));
        Time("optimizer", () => opt.Step(model.Parameters));
        var one = new[] { model.Parameters[3] };
        Time("optimizer_one_bias", () => opt.Step(one));
        var opt0 = new Sgd<float>(0.0);
        Time("optimizer_nomomentum", () => opt0.Step(model.Parameters));
        Time("penalty", () => model.RegularizationPenalty());
        var a = new float[32 * 64]; var w1 = new float[64 * 32]; var c1 = new float[32 * 32]; var w2 = new float[32 * 10]; var c2 = new float[32 * 10];
        var b1 = new float[32]; var b2 = new float[10];
        Time("gemm_nn_32x32x64", () => Gemm.MultiplyNN<float>(a, w1, c1, 32, 32, 64, new GemmEpilogue<float> { Bias = b1, ReLU = true }));
        Time("gemm_nn_32x10x32", () => Gemm.MultiplyNN<float>(c1, w2, c2, 32, 10, 32, new GemmEpilogue<float> { Bias = b2 }));
        Time("gemm_tn_64x32x32", () => Gemm.MultiplyTN<float>(a, c1, w1, 64, 32, 32, GemmEpilogue<float>.AddToC));
        Time("gemm_tn_32x10x32", () => Gemm.MultiplyTN<float>(c1, c2, w2, 32, 10, 32, GemmEpilogue<float>.AddToC));
        Time("gemm_nt_32x32x10", () => Gemm.MultiplyNT<float>(c2, w2, c1, 32, 32, 10, GemmEpilogue<float>.Overwrite));
        Time("colsums_32x32", () => Elementwise.AddColumnSums<float>(c1, 32, b1));
        Time("relubwd_1024", () => Elementwise.ReluBackward<float>(c1, c1, c1));
        TimeAll();
    }
}
