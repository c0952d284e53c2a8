namespace Backprop.Onnx.Converters;

/// <summary>
/// 1 + erf(u) in double precision from elementary ONNX operators, for the exact GELU of a double model: ONNX Runtime's
/// <c>Erf</c> kernel is float-only.
/// </summary>
/// <remarks>
/// erfc(z) = t·exp(−z² + f(t)) with t = 2/(2 + z), z = |u| (the form of Numerical Recipes' <c>erfccheb</c>), where
/// f is a Chebyshev series in s = 2t − 1 evaluated by Clenshaw's recurrence. The coefficients were computed for this
/// file at 50 digits with mpmath (interpolation at 64 Chebyshev nodes of f(t) = ln(erfc(z)/t) + z², its limit
/// −ln(2√π) at t = 0); the first 30 are kept. In double the result is within 4.5e-16 of erfc on [0, 20] (and erfc is
/// below 1e-175 beyond). Then 1 + erf(u) = 2 − erfc(u) for u ≥ 0 and erfc(−u) for u &lt; 0, so the tail keeps its
/// relative precision.
/// </remarks>
internal static class ErfDouble
{
    private static readonly double[] Coefficients =
    [
        -0.6513268598908547, 0.6419697923564902, 0.019476473204185836, -0.009561514786808632, -0.0009465953444820369,
        0.00036683949785276145, 4.252332480690777e-05, -2.0278578112534242e-05, -1.6242900046470256e-06, 1.3036558355805232e-06,
        1.5626441722066142e-08, -8.523809591492654e-08, 6.5290544390988515e-09, 5.059343495551469e-09, -9.91364156493033e-10,
        -2.273651222931836e-10, 9.646791102015527e-11, 2.3940380830391146e-12, -6.886027526497553e-12, 8.944879273090725e-13,
        3.130921399342958e-13, -1.1270822361367252e-13, 3.810905255189232e-16, 7.106097613609237e-15, -1.5230282014571043e-15,
        -9.457494571291233e-17, 1.210237189224279e-16, -2.816663087747177e-17, 5.003005559445902e-20, 2.3281042579529253e-18,
    ];

    /// <summary>Adds nodes computing 1 + erf(<paramref name="u"/>); returns the output's name.</summary>
    public static string OnePlusErf(OnnxGraph g, string u)
    {
        string z = g.AddNode("Abs", [u]);
        string t = g.AddNode("Div", [g.AddConstant("two", 2), g.AddNode("Add", [z, g.AddConstant("two", 2)])]);
        string s = g.AddNode("Sub", [g.AddNode("Mul", [t, g.AddConstant("two", 2)]), g.AddConstant("one", 1)]);
        string twoS = g.AddNode("Mul", [s, g.AddConstant("two", 2)]);

        // Clenshaw: b_k = 2s·b_{k+1} − b_{k+2} + c_k for k = n−1 … 1, then f = s·b_1 − b_2 + c_0.
        int n = Coefficients.Length;
        string b1 = g.AddNode("Mul", [twoS, g.AddConstant("c", Coefficients[n - 1])]);
        b1 = g.AddNode("Add", [b1, g.AddConstant("c", Coefficients[n - 2])]);
        string b2 = g.AddConstant("c", Coefficients[n - 1]);
        for (int k = n - 3; k >= 1; k--)
        {
            string next = g.AddNode("Add", [g.AddNode("Sub", [g.AddNode("Mul", [twoS, b1]), b2]), g.AddConstant("c", Coefficients[k])]);
            b2 = b1;
            b1 = next;
        }

        string f = g.AddNode("Add", [g.AddNode("Sub", [g.AddNode("Mul", [s, b1]), b2]), g.AddConstant("c", Coefficients[0])]);
        string exponent = g.AddNode("Sub", [f, g.AddNode("Mul", [z, z])]);
        string erfc = g.AddNode("Mul", [t, g.AddNode("Exp", [exponent])]);
        string upper = g.AddNode("Sub", [g.AddConstant("two", 2), erfc]);
        return g.AddNode("Where", [g.AddNode("GreaterOrEqual", [u, g.AddConstant("zero", 0)]), upper, erfc]);
    }
}
