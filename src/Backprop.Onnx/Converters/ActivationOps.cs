using Backprop.Activations;
using Backprop.Serialization;

namespace Backprop.Onnx.Converters;

/// <summary>
/// The ONNX form of each built-in activation, chosen by its registered name (<see cref="ModelRegistry.Describe{TComponent}"/>),
/// so its hyper-parameters are read from the one description the model file uses.
/// </summary>
/// <remarks>
/// In float the native ONNX operator is used where ONNX Runtime has one (it runs fused, vectorised kernels). ONNX
/// attributes are single-precision and several of these operators have float-only kernels in ONNX Runtime, so a double
/// model gets the same formula composed from elementary operators with double constants instead.
/// </remarks>
internal static class ActivationOps
{
    private const double InvSqrtTwo = 0.70710678118654752440084436210485;
    private const double SqrtTwoOverPi = 0.79788456080286535587989211986876;
    private const double SeluLambda = 1.0507009873554804934193349852946;
    private const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>The registered names of the activations written here.</summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "identity", "relu", "sigmoid", "tanh", "softmax", "selu", "silu", "softplus", "hard_sigmoid", "gelu", "leaky_relu", "elu",
    };

    /// <summary>Adds <paramref name="activation"/> applied to <paramref name="x"/>; returns the output's name.</summary>
    /// <exception cref="NotSupportedException">The activation has no ONNX form here (a custom activation).</exception>
    public static string Apply(Activation activation, OnnxGraph g, string x, ModelRegistry registry, string layerName)
    {
        string name;
        Serialization.ComponentConfig config;
        try
        {
            (name, config) = registry.Describe(activation);
        }
        catch (NotSupportedException e)
        {
            throw Unsupported(activation, layerName, e);
        }

        bool f32 = g.ElementType == typeof(float);
        return name switch
        {
            "identity" => x,
            "relu" => g.AddNode("Relu", [x]),
            "sigmoid" => g.AddNode("Sigmoid", [x]),
            "tanh" => g.AddNode("Tanh", [x]),
            "softmax" => g.AddNode("Softmax", [x], OnnxAttribute.Int("axis", -1)),
            "silu" => g.AddNode("Mul", [x, g.AddNode("Sigmoid", [x])]),
            "selu" => f32
                ? g.AddNode("Selu", [x], OnnxAttribute.Float("alpha", (float)SeluAlpha), OnnxAttribute.Float("gamma", (float)SeluLambda))
                : ExpLinear(g, x, SeluLambda, SeluLambda * SeluAlpha),
            "elu" => f32
                ? g.AddNode("Elu", [x], OnnxAttribute.Float("alpha", (float)config.GetDouble("alpha")))
                : ExpLinear(g, x, 1.0, config.GetDouble("alpha")),
            "leaky_relu" => f32
                ? g.AddNode("LeakyRelu", [x], OnnxAttribute.Float("alpha", (float)config.GetDouble("alpha")))
                : g.AddNode("Where", [Positive(g, x), x, g.AddNode("Mul", [x, g.AddConstant("alpha", config.GetDouble("alpha"))])]),
            "softplus" => f32 ? g.AddNode("Softplus", [x]) : Softplus(g, x),
            "hard_sigmoid" => f32
                ? g.AddNode("HardSigmoid", [x], OnnxAttribute.Float("alpha", 1f / 6f), OnnxAttribute.Float("beta", 0.5f))
                : g.AddNode("Clip", [g.AddNode("Add", [g.AddNode("Mul", [x, g.AddConstant("sixth", 1.0 / 6.0)]), g.AddConstant("half", 0.5)]), g.AddConstant("zero", 0), g.AddConstant("one", 1)]),
            "gelu" => config.GetBoolean("approximate_tanh") ? GeluTanh(g, x, f32) : GeluErf(g, x, f32),
            _ => throw Unsupported(activation, layerName, null),
        };
    }

    /// <summary>x &gt; 0 ? scale·x : negativeScale·(eˣ − 1) — ELU and SELU in double.</summary>
    private static string ExpLinear(OnnxGraph g, string x, double scale, double negativeScale)
    {
        string positive = scale == 1.0 ? x : g.AddNode("Mul", [x, g.AddConstant("scale", scale)]);
        string expm1 = g.AddNode("Sub", [g.AddNode("Exp", [x]), g.AddConstant("one", 1)]);
        string negative = g.AddNode("Mul", [expm1, g.AddConstant("negative_scale", negativeScale)]);
        return g.AddNode("Where", [Positive(g, x), positive, negative]);
    }

    /// <summary>max(x, 0) + log(1 + e^−|x|), the stable form Backprop computes.</summary>
    private static string Softplus(OnnxGraph g, string x)
    {
        string e = g.AddNode("Exp", [g.AddNode("Neg", [g.AddNode("Abs", [x])])]);
        string log = g.AddNode("Log", [g.AddNode("Add", [e, g.AddConstant("one", 1)])]);
        return g.AddNode("Add", [g.AddNode("Relu", [x]), log]);
    }

    /// <summary>0.5·x·(1 + erf(x/√2)). Opset 20 has a <c>Gelu</c> op, used for float there.</summary>
    private static string GeluErf(OnnxGraph g, string x, bool f32)
    {
        if (f32 && g.Opset >= 20)
        {
            return g.AddNode("Gelu", [x], OnnxAttribute.String("approximate", "none"));
        }

        string u = g.AddNode("Mul", [x, g.AddConstant("inv_sqrt2", InvSqrtTwo)]);
        string onePlusErf = f32
            ? g.AddNode("Add", [g.AddNode("Erf", [u]), g.AddConstant("one", 1)])
            : ErfDouble.OnePlusErf(g, u);
        return g.AddNode("Mul", [g.AddNode("Mul", [x, g.AddConstant("half", 0.5)]), onePlusErf]);
    }

    /// <summary>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
    private static string GeluTanh(OnnxGraph g, string x, bool f32)
    {
        if (f32 && g.Opset >= 20)
        {
            return g.AddNode("Gelu", [x], OnnxAttribute.String("approximate", "tanh"));
        }

        string cube = g.AddNode("Mul", [g.AddNode("Mul", [x, x]), x]);
        string inner = g.AddNode("Add", [x, g.AddNode("Mul", [cube, g.AddConstant("cubic", 0.044715)])]);
        string t = g.AddNode("Tanh", [g.AddNode("Mul", [inner, g.AddConstant("sqrt_2_over_pi", SqrtTwoOverPi)])]);
        return HalfXTimesOnePlus(g, x, t);
    }

    private static string HalfXTimesOnePlus(OnnxGraph g, string x, string v)
        => g.AddNode("Mul", [g.AddNode("Mul", [x, g.AddConstant("half", 0.5)]), g.AddNode("Add", [v, g.AddConstant("one", 1)])]);

    private static string Positive(OnnxGraph g, string x) => g.AddNode("Greater", [x, g.AddConstant("zero", 0)]);

    private static NotSupportedException Unsupported(Activation activation, string layerName, Exception? inner)
        => new($"Backprop.Onnx cannot export the activation '{activation.Name}' ({activation.GetType().Name}) of layer '{layerName}': it is not a built-in activation. " +
               "Write the layer's ONNX nodes with an OnnxLayerConverter in OnnxExportOptions.Converters (see docs/onnx.md).", inner);
}
