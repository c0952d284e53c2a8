using System.Numerics;
using Backprop.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Backprop.Onnx.Tests;

/// <summary>Runs exported models in ONNX Runtime and compares them with Backprop's Predict.</summary>
internal static class Ort
{
    public const double FloatTolerance = 1e-5;
    public const double DoubleTolerance = 1e-12;

    public static double Tolerance<T>() => typeof(T) == typeof(float) ? FloatTolerance : DoubleTolerance;

    /// <summary>Runs <paramref name="onnx"/> on <paramref name="input"/> in a fresh session (all graph optimizations on, as users get them).</summary>
    public static Tensor2D<T> Run<T>(byte[] onnx, Tensor2D<T> input, string inputName = "input")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var session = new InferenceSession(onnx);
        return Run(session, input, inputName);
    }

    public static Tensor2D<T> Run<T>(InferenceSession session, Tensor2D<T> input, string inputName = "input")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new DenseTensor<T>(input.Span.ToArray(), [input.Rows, input.Columns]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, x)]);
        var y = results[0].AsTensor<T>();
        var output = new Tensor2D<T>(y.Dimensions[0], y.Dimensions[1]);
        y.ToArray().CopyTo(output.Span);
        return output;
    }

    /// <summary>Exports, runs in ONNX Runtime and returns the max abs difference from <c>model.Predict</c>.</summary>
    public static double MaxAbsDiff<T>(Sequential<T> model, Tensor2D<T> input, OnnxExportOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = model.Predict(input);
        var actual = Run(model.ToOnnxBytes(options), input, options?.InputName ?? "input");
        return MaxAbsDiff(expected, actual);
    }

    public static double MaxAbsDiff<T>(Tensor2D<T> expected, Tensor2D<T> actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        actual.Rows.Should().Be(expected.Rows);
        actual.Columns.Should().Be(expected.Columns);
        double max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs(double.CreateTruncating(expected.Span[i]) - double.CreateTruncating(actual.Span[i]));
            max = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(max, d);
        }

        return max;
    }

    /// <summary>Deterministic inputs uniform in [−scale, scale].</summary>
    public static Tensor2D<T> Random<T>(int rows, int columns, int seed, double scale = 3.0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var t = new Tensor2D<T>(rows, columns);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = T.CreateTruncating(((rng.NextDouble() * 2) - 1) * scale);
        }

        return t;
    }

    /// <summary>Fills a parameter with deterministic values in [lo, hi].</summary>
    public static void Fill<T>(Tensor2D<T> t, int seed, double lo, double hi)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = T.CreateTruncating(lo + (rng.NextDouble() * (hi - lo)));
        }
    }
}
