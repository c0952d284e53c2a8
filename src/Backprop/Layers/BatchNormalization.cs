using System.Globalization;
using System.Numerics;

namespace Backprop.Layers;

/// <summary>
/// Batch normalization (Ioffe &amp; Szegedy 2015) over the batch, per feature j:
/// <c>x̂ = (x − μ)/√(σ² + ε)</c>, <c>y = γ·x̂ + β</c>.
/// Training uses the batch's mean μ and biased variance σ², and updates the running statistics
/// <c>r ← m·r + (1 − m)·s</c> (Keras convention for the momentum m; the running variance takes the unbiased
/// batch variance, as PyTorch). Evaluation uses the running statistics.
/// </summary>
/// <remarks>
/// Backward in training (N rows): <c>∂L/∂β = Σ dy</c>, <c>∂L/∂γ = Σ dy·x̂</c>,
/// <c>∂L/∂x = (γ/(N·√(σ² + ε)))·(N·dy − Σdy − x̂·Σ(dy·x̂))</c>; in evaluation
/// <c>∂L/∂x = γ·dy/√(r_var + ε)</c>. γ and β have roles NormalizationScale/Shift (excluded from weight decay by
/// default); the running statistics are non-trainable parameters with role RunningStatistic, so they are part of
/// weight snapshots (restore-best).
/// <para>Thread safety: as for every layer (see <see cref="Layer{T}"/>): <c>Infer</c>, which the model's Predict and
/// Evaluate run, writes nothing and is safe on many threads at once; <c>Build</c>, <c>Forward</c>, <c>Backward</c> and
/// the setters keep per-pass state, for one training loop at a time.</para>
/// </remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class BatchNormalization<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Parameter<T>? _gamma;
    private Parameter<T>? _beta;
    private Parameter<T>? _runningMean;
    private Parameter<T>? _runningVariance;
    private Parameter<T>[] _parameters = [];
    private Tensor2D<T>? _xhat;
    private Tensor2D<T>? _y;
    private Tensor2D<T>? _dx;
    private double[] _invStd = [];
    private bool _trainingPass;

    /// <summary>Creates the layer.</summary>
    /// <param name="momentum">Running-statistics momentum m in [0, 1) (default 0.99, as Keras; PyTorch's 0.1 is m = 0.9).</param>
    /// <param name="epsilon">ε &gt; 0 added to the variance (default 1e−3, as Keras).</param>
    public BatchNormalization(double momentum = 0.99, double epsilon = 1e-3)
    {
        Momentum = Guard.InRange(momentum, 0, 1, nameof(momentum), maxExclusive: true, owner: "BatchNormalization");
        Epsilon = Guard.Positive(epsilon, nameof(epsilon), "BatchNormalization");
    }

    /// <summary>The momentum m.</summary>
    public double Momentum { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>γ, shape <c>[1, features]</c>.</summary>
    public Parameter<T> Gamma => _gamma ?? throw NotBuilt();

    /// <summary>β, shape <c>[1, features]</c>.</summary>
    public Parameter<T> Beta => _beta ?? throw NotBuilt();

    /// <summary>The running mean, shape <c>[1, features]</c> (starts at 0).</summary>
    public Parameter<T> RunningMean => _runningMean ?? throw NotBuilt();

    /// <summary>The running variance, shape <c>[1, features]</c> (starts at 1).</summary>
    public Parameter<T> RunningVariance => _runningVariance ?? throw NotBuilt();

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <inheritdoc/>
    protected override int OnBuild(int inputFeatures, int seed)
    {
        _gamma = new Parameter<T>("gamma", ParameterRole.NormalizationScale, 1, inputFeatures);
        _gamma.Value.Fill(T.One);
        _beta = new Parameter<T>("beta", ParameterRole.NormalizationShift, 1, inputFeatures);
        _runningMean = new Parameter<T>("running_mean", ParameterRole.RunningStatistic, 1, inputFeatures) { Trainable = false };
        _runningVariance = new Parameter<T>("running_variance", ParameterRole.RunningStatistic, 1, inputFeatures) { Trainable = false };
        _runningVariance.Value.Fill(T.One);
        _parameters = [_gamma, _beta, _runningMean, _runningVariance];
        _invStd = new double[inputFeatures];
        return inputFeatures;
    }

    /// <inheritdoc/>
    protected override Tensor2D<T> ForwardCore(Tensor2D<T> input, bool training)
    {
        int n = input.Rows;
        int f = input.Columns;
        var xhat = Reuse(ref _xhat, n, f);
        var y = Reuse(ref _y, n, f);
        _trainingPass = training;
        Span<T> rm = RunningMean.Value.Span;
        Span<T> rv = RunningVariance.Value.Span;
        for (int j = 0; j < f; j++)
        {
            double mean;
            double variance;
            if (training && n > 0)
            {
                mean = 0;
                for (int r = 0; r < n; r++)
                {
                    mean += double.CreateTruncating(input[r, j]);
                }

                mean /= n;
                double squares = 0;
                for (int r = 0; r < n; r++)
                {
                    double d = double.CreateTruncating(input[r, j]) - mean;
                    squares += d * d;
                }

                variance = squares / n;
                double unbiased = n > 1 ? squares / (n - 1) : variance;
                rm[j] = T.CreateTruncating((Momentum * double.CreateTruncating(rm[j])) + ((1 - Momentum) * mean));
                rv[j] = T.CreateTruncating((Momentum * double.CreateTruncating(rv[j])) + ((1 - Momentum) * unbiased));
            }
            else
            {
                mean = double.CreateTruncating(rm[j]);
                variance = double.CreateTruncating(rv[j]);
            }

            double invStd = 1 / Math.Sqrt(variance + Epsilon);
            _invStd[j] = invStd;
            T g = Gamma.Value[0, j];
            T b = Beta.Value[0, j];
            for (int r = 0; r < n; r++)
            {
                T xh = T.CreateTruncating((double.CreateTruncating(input[r, j]) - mean) * invStd);
                xhat[r, j] = xh;
                y[r, j] = (g * xh) + b;
            }
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Infer(Tensor2D<T> input, Tensor2D<T> output, InferenceScratch<T> scratch)
    {
        // ForwardCore's evaluation branch, element for element, without its x̂ and 1/σ buffers.
        int n = input.Rows;
        int f = input.Columns;
        ReadOnlySpan<T> rm = RunningMean.Value.Span;
        ReadOnlySpan<T> rv = RunningVariance.Value.Span;
        for (int j = 0; j < f; j++)
        {
            double mean = double.CreateTruncating(rm[j]);
            double invStd = 1 / Math.Sqrt(double.CreateTruncating(rv[j]) + Epsilon);
            T g = Gamma.Value[0, j];
            T b = Beta.Value[0, j];
            for (int r = 0; r < n; r++)
            {
                T xh = T.CreateTruncating((double.CreateTruncating(input[r, j]) - mean) * invStd);
                output[r, j] = (g * xh) + b;
            }
        }
    }

    /// <inheritdoc/>
    protected override Tensor2D<T> BackwardCore(Tensor2D<T> outputGradient)
    {
        int n = outputGradient.Rows;
        int f = outputGradient.Columns;
        var xhat = _xhat!;
        var dx = Reuse(ref _dx, n, f);
        Span<T> dGamma = Gamma.Gradient.Span;
        Span<T> dBeta = Beta.Gradient.Span;
        for (int j = 0; j < f; j++)
        {
            double sumDy = 0;
            double sumDyXhat = 0;
            for (int r = 0; r < n; r++)
            {
                double dy = double.CreateTruncating(outputGradient[r, j]);
                sumDy += dy;
                sumDyXhat += dy * double.CreateTruncating(xhat[r, j]);
            }

            dBeta[j] += T.CreateTruncating(sumDy);
            dGamma[j] += T.CreateTruncating(sumDyXhat);
            double scale = double.CreateTruncating(Gamma.Value[0, j]) * _invStd[j];
            for (int r = 0; r < n; r++)
            {
                double dy = double.CreateTruncating(outputGradient[r, j]);
                double g = _trainingPass
                    ? scale * (dy - (sumDy / n) - (double.CreateTruncating(xhat[r, j]) * sumDyXhat / n))
                    : scale * dy;
                dx[r, j] = T.CreateTruncating(g);
            }
        }

        return dx;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{base.ToString()} momentum {Momentum}");

    private InvalidOperationException NotBuilt() => new($"Layer '{Name}' is not built yet.");
}
