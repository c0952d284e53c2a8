using System.Numerics;

namespace Backprop.Layers;

/// <summary>
/// Layer normalization (Ba et al. 2016) over the features of each row: <c>x̂ = (x − μ_row)/√(σ²_row + ε)</c>,
/// <c>y = γ ⊙ x̂ + β</c> (biased row variance). Same computation in training and evaluation.
/// Backward per row (F features, g = γ ⊙ dy): <c>∂L/∂x = (1/(F·√(σ² + ε)))·(F·g − Σg − x̂·Σ(g·x̂))</c>;
/// <c>∂L/∂γ = Σ_rows dy ⊙ x̂</c>, <c>∂L/∂β = Σ_rows dy</c>.
/// </summary>
/// <remarks>Thread safety: as for every layer (see <see cref="Layer{T}"/>): <c>Infer</c>, which the model's Predict and
/// Evaluate run, writes nothing and is safe on many threads at once; <c>Build</c>, <c>Forward</c>, <c>Backward</c> and
/// the setters keep per-pass state, for one training loop at a time.</remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class LayerNormalization<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Parameter<T>? _gamma;
    private Parameter<T>? _beta;
    private Parameter<T>[] _parameters = [];
    private Tensor2D<T>? _xhat;
    private Tensor2D<T>? _y;
    private Tensor2D<T>? _dx;
    private double[] _invStd = [];

    /// <summary>Creates the layer.</summary>
    /// <param name="epsilon">ε &gt; 0 added to the variance (default 1e−3, as Keras).</param>
    public LayerNormalization(double epsilon = 1e-3)
    {
        Epsilon = Guard.Positive(epsilon, nameof(epsilon), "LayerNormalization");
    }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>γ, shape <c>[1, features]</c>.</summary>
    public Parameter<T> Gamma => _gamma ?? throw new InvalidOperationException($"Layer '{Name}' is not built yet.");

    /// <summary>β, shape <c>[1, features]</c>.</summary>
    public Parameter<T> Beta => _beta ?? throw new InvalidOperationException($"Layer '{Name}' is not built yet.");

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <inheritdoc/>
    protected override int OnBuild(int inputFeatures, int seed)
    {
        _gamma = new Parameter<T>("gamma", ParameterRole.NormalizationScale, 1, inputFeatures);
        _gamma.Value.Fill(T.One);
        _beta = new Parameter<T>("beta", ParameterRole.NormalizationShift, 1, inputFeatures);
        _parameters = [_gamma, _beta];
        return inputFeatures;
    }

    /// <inheritdoc/>
    protected override Tensor2D<T> ForwardCore(Tensor2D<T> input, bool training)
    {
        int n = input.Rows;
        int f = input.Columns;
        var xhat = Reuse(ref _xhat, n, f);
        var y = Reuse(ref _y, n, f);
        if (_invStd.Length < n)
        {
            _invStd = new double[n];
        }

        ReadOnlySpan<T> g = Gamma.Value.Span;
        ReadOnlySpan<T> b = Beta.Value.Span;
        for (int r = 0; r < n; r++)
        {
            var x = input.Row(r);
            var (mean, invStd) = RowStatistics(x);
            _invStd[r] = invStd;
            var xh = xhat.Row(r);
            var yr = y.Row(r);
            for (int j = 0; j < f; j++)
            {
                xh[j] = T.CreateTruncating((double.CreateTruncating(x[j]) - mean) * invStd);
                yr[j] = (g[j] * xh[j]) + b[j];
            }
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Infer(Tensor2D<T> input, Tensor2D<T> output, InferenceScratch<T> scratch)
    {
        // ForwardCore row for row, without its x̂ and 1/σ buffers.
        int f = input.Columns;
        ReadOnlySpan<T> g = Gamma.Value.Span;
        ReadOnlySpan<T> b = Beta.Value.Span;
        for (int r = 0; r < input.Rows; r++)
        {
            var x = input.Row(r);
            var (mean, invStd) = RowStatistics(x);
            var yr = output.Row(r);
            for (int j = 0; j < f; j++)
            {
                T xh = T.CreateTruncating((double.CreateTruncating(x[j]) - mean) * invStd);
                yr[j] = (g[j] * xh) + b[j];
            }
        }
    }

    /// <summary>The row's mean and 1/√(σ² + ε), in double (biased variance).</summary>
    private (double Mean, double InvStd) RowStatistics(ReadOnlySpan<T> x)
    {
        int f = x.Length;
        double mean = 0;
        for (int j = 0; j < f; j++)
        {
            mean += double.CreateTruncating(x[j]);
        }

        mean /= f;
        double squares = 0;
        for (int j = 0; j < f; j++)
        {
            double d = double.CreateTruncating(x[j]) - mean;
            squares += d * d;
        }

        return (mean, 1 / Math.Sqrt((squares / f) + Epsilon));
    }

    /// <inheritdoc/>
    protected override Tensor2D<T> BackwardCore(Tensor2D<T> outputGradient)
    {
        int n = outputGradient.Rows;
        int f = outputGradient.Columns;
        var dx = Reuse(ref _dx, n, f);
        ReadOnlySpan<T> gamma = Gamma.Value.Span;
        Span<T> dGamma = Gamma.Gradient.Span;
        Span<T> dBeta = Beta.Gradient.Span;
        for (int r = 0; r < n; r++)
        {
            var dy = outputGradient.Row(r);
            var xh = _xhat!.Row(r);
            double sumG = 0;
            double sumGXhat = 0;
            for (int j = 0; j < f; j++)
            {
                dBeta[j] += dy[j];
                dGamma[j] += dy[j] * xh[j];
                double gj = double.CreateTruncating(gamma[j] * dy[j]);
                sumG += gj;
                sumGXhat += gj * double.CreateTruncating(xh[j]);
            }

            var d = dx.Row(r);
            double invStd = _invStd[r];
            for (int j = 0; j < f; j++)
            {
                double gj = double.CreateTruncating(gamma[j] * dy[j]);
                d[j] = T.CreateTruncating(invStd * (gj - (sumG / f) - (double.CreateTruncating(xh[j]) * sumGXhat / f)));
            }
        }

        return dx;
    }
}
