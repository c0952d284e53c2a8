using System.Numerics;
using Backprop.Layers;
using Backprop.Serialization;

namespace Backprop.Onnx.Converters;

/// <summary>The ONNX form of each built-in layer (see docs/onnx.md for the operator table and why each was chosen).</summary>
internal static class BuiltInLayers
{
    /// <summary>Adds <paramref name="layer"/>'s nodes; returns its output's name, or null when the layer is not built in.</summary>
    public static string? TryConvert<T>(Layer<T> layer, OnnxGraph g, string x, ModelRegistry registry)
        where T : unmanaged, IFloatingPointIeee754<T>
        => layer switch
        {
            Dense<T> dense => Dense(dense, g, x, registry),
            ActivationLayer<T> a => ActivationOps.Apply(a.Activation, g, x, registry, layer.Name),

            // The noise layers' documented contract (StochasticLayer): the identity in evaluation.
            StochasticLayer<T> => x,
            BatchNormalization<T> bn => BatchNorm(bn, g, x),
            LayerNormalization<T> ln => LayerNorm(ln, g, x),
            _ => null,
        };

    /// <summary>Gemm with the bias as its C input (ONNX Runtime packs the constant B once and adds C in the GEMM), then
    /// the activation. The kernel is stored <c>[in, out]</c>, so transB = 0.</summary>
    private static string Dense<T>(Dense<T> d, OnnxGraph g, string x, ModelRegistry registry)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string w = g.AddWeight(d.Name + "/kernel", d.Kernel.Value);
        List<string> inputs = [x, w];
        if (d.Bias is { } bias)
        {
            inputs.Add(g.AddWeight(d.Name + "/bias", (ReadOnlySpan<T>)bias.Value.Span, bias.Value.Columns));
        }

        string z = g.AddNode("Gemm", inputs);
        return ActivationOps.Apply(d.Activation, g, z, registry, d.Name);
    }

    /// <summary>
    /// Float: ONNX's BatchNormalization op in its inference form (measured 1.2× faster in ONNX Runtime than the
    /// Sub/Mul/Add below, docs/onnx.md). Double: (x − μ)·(γ/√(σ² + ε)) + β as Sub, Mul, Add with the scale folded in
    /// double, because the op takes ε as a single-precision attribute, which would move a double output by up to ~1e-10.
    /// </summary>
    private static string BatchNorm<T>(BatchNormalization<T> bn, OnnxGraph g, string x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int f = bn.InputFeatures;
        string mean = g.AddWeight(bn.Name + "/running_mean", (ReadOnlySpan<T>)bn.RunningMean.Value.Span, f);
        string beta = g.AddWeight(bn.Name + "/beta", (ReadOnlySpan<T>)bn.Beta.Value.Span, f);
        if (typeof(T) == typeof(float))
        {
            string gamma = g.AddWeight(bn.Name + "/gamma", (ReadOnlySpan<T>)bn.Gamma.Value.Span, f);
            string variance = g.AddWeight(bn.Name + "/running_variance", (ReadOnlySpan<T>)bn.RunningVariance.Value.Span, f);
            return g.AddNode("BatchNormalization", [x, gamma, beta, mean, variance], OnnxAttribute.Float("epsilon", (float)bn.Epsilon));
        }

        var scale = new T[f];
        for (int j = 0; j < f; j++)
        {
            double invStd = 1 / Math.Sqrt(double.CreateTruncating(bn.RunningVariance.Value[0, j]) + bn.Epsilon);
            scale[j] = T.CreateTruncating(double.CreateTruncating(bn.Gamma.Value[0, j]) * invStd);
        }

        string centred = g.AddNode("Sub", [x, mean]);
        string scaled = g.AddNode("Mul", [centred, g.AddWeight(bn.Name + "/scale", (ReadOnlySpan<T>)scale, f)]);
        return g.AddNode("Add", [scaled, beta]);
    }

    /// <summary>
    /// Float: ONNX's LayerNormalization (opset 17), one fused kernel in ONNX Runtime. Double: the same formula from
    /// ReduceMean, Sub, Mul, Sqrt, Div, because the op's ε attribute is single-precision.
    /// </summary>
    private static string LayerNorm<T>(LayerNormalization<T> ln, OnnxGraph g, string x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int f = ln.InputFeatures;
        string gamma = g.AddWeight(ln.Name + "/gamma", (ReadOnlySpan<T>)ln.Gamma.Value.Span, f);
        string beta = g.AddWeight(ln.Name + "/beta", (ReadOnlySpan<T>)ln.Beta.Value.Span, f);
        if (typeof(T) == typeof(float))
        {
            return g.AddNode("LayerNormalization", [x, gamma, beta], OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", (float)ln.Epsilon));
        }

        string centred = g.AddNode("Sub", [x, MeanOfLastAxis(g, x)]);
        string variance = MeanOfLastAxis(g, g.AddNode("Mul", [centred, centred]));
        string std = g.AddNode("Sqrt", [g.AddNode("Add", [variance, g.AddConstant("epsilon", ln.Epsilon)])]);
        string normalised = g.AddNode("Div", [centred, std]);
        return g.AddNode("Add", [g.AddNode("Mul", [normalised, gamma]), beta]);
    }

    /// <summary>ReduceMean over the last axis, keeping it; its axes moved from an attribute to an input in opset 18.</summary>
    private static string MeanOfLastAxis(OnnxGraph g, string x)
        => g.Opset >= 18
            ? g.AddNode("ReduceMean", [x, g.AddInt64s("last_axis", -1)], OnnxAttribute.Int("keepdims", 1))
            : g.AddNode("ReduceMean", [x], OnnxAttribute.Ints("axes", -1), OnnxAttribute.Int("keepdims", 1));
}
