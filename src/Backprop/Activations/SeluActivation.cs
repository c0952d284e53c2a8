using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Activations;

/// <summary>SELU: λx for x &gt; 0, λα(e^x − 1) otherwise, with λ = 1.0507009873554805, α = 1.6732632423543772.</summary>
internal sealed class SeluActivation : Activation
{
    private const double Lambda = 1.0507009873554804934193349852946;
    private const double Alpha = 1.6732632423543772848170429916717;

    /// <inheritdoc/>
    public override string Name => "selu";

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns)
    {
        T lambda = T.CreateTruncating(Lambda);
        T la = T.CreateTruncating(Lambda * Alpha);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] > T.Zero ? lambda * x[i] : la * (T.Exp(x[i]) - T.One);
        }
    }

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns)
    {
        T lambda = T.CreateTruncating(Lambda);
        T la = T.CreateTruncating(Lambda * Alpha);
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = dy[i] * (x[i] > T.Zero ? lambda : la * T.Exp(x[i]));
        }
    }
}
