using System.Numerics;
using Backprop.Augmentation;

namespace Backprop.Layers;

/// <summary>
/// Base of the noise layers (<see cref="Dropout{T}"/>, <see cref="GaussianDropout{T}"/>, <see cref="AlphaDropout{T}"/>,
/// <see cref="GaussianNoiseLayer{T}"/>): active in training, the identity in evaluation.
/// </summary>
/// <remarks>
/// <para>Randomness is counter-based: the noise of row r in a forward pass is drawn from a stream keyed by
/// (<see cref="Seed"/>, <see cref="Step"/>, r), so it does not depend on threads, timing or other layers.
/// <see cref="Seed"/> is the one given to the constructor, or else the seed the model derives for this layer from
/// the <c>Fit</c>/<c>Build</c> seed and the layer's position. <see cref="Step"/> counts noisy forward passes.</para>
/// <para>For gradient checks set <see cref="FreezeStep"/>: every forward then re-draws the same noise.
/// For Monte-Carlo dropout, <c>Sequential.PredictMonteCarlo</c> turns <see cref="ActiveInInference"/> on.</para>
/// <para>Thread safety: as for every layer (see <see cref="Layer{T}"/>): <c>Infer</c>, which the model's Predict and
/// Evaluate run, writes nothing and is safe on many threads at once; <c>Build</c>, <c>Forward</c>, <c>Backward</c> and
/// the setters keep per-pass state, for one training loop at a time. With <see cref="ActiveInInference"/> on,
/// <c>Infer</c> runs the noisy <c>Forward</c> under the layer's lock instead, so those calls take turns and each draws
/// the next step's noise.</para>
/// </remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class StochasticLayer<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int? _fixedSeed;
    private Tensor2D<T>? _output;
    private bool _active;

    /// <summary>Initialises the layer.</summary>
    /// <param name="seed">A fixed seed, or null to take the one the model derives at build time.</param>
    protected StochasticLayer(int? seed)
    {
        _fixedSeed = seed;
        Seed = seed ?? 0;
    }

    /// <summary>The seed of the noise streams.</summary>
    public int Seed { get; private set; }

    /// <summary>The step of the next noisy forward pass (incremented after each one unless <see cref="FreezeStep"/>).</summary>
    public long Step { get; set; }

    /// <summary>When true, <see cref="Step"/> stops advancing, so every forward pass draws the same noise (a frozen mask).</summary>
    public bool FreezeStep { get; set; }

    /// <summary>When true, the noise is applied even when <c>training</c> is false (Monte-Carlo dropout).</summary>
    public bool ActiveInInference { get; set; }

    /// <summary>True when the layer's noise is a no-op whatever the mode (e.g. rate 0).</summary>
    protected abstract bool IsIdentity { get; }

    /// <inheritdoc/>
    protected override int OnBuild(int inputFeatures, int seed)
    {
        Seed = _fixedSeed ?? seed;
        return inputFeatures;
    }

    /// <inheritdoc/>
    protected sealed override Tensor2D<T> ForwardCore(Tensor2D<T> input, bool training)
    {
        _active = (training || ActiveInInference) && !IsIdentity;
        if (!_active)
        {
            return input;
        }

        long step = Step;
        if (!FreezeStep)
        {
            Step++;
        }

        var output = Reuse(ref _output, input.Rows, input.Columns);
        ApplyNoise(input, output, step);
        return output;
    }

    /// <summary>
    /// The identity (evaluation mode), safe on many threads at once. With <see cref="ActiveInInference"/> on (Monte-Carlo
    /// dropout), the noisy <see cref="Layer{T}.Forward"/> under the layer's lock instead: each call draws the next step's
    /// noise, as a single-threaded <c>Forward</c> would.
    /// </summary>
    /// <param name="input">Input batch.</param>
    /// <param name="output">Receives the output.</param>
    /// <param name="scratch">Temporary buffers (unused).</param>
    protected internal sealed override void Infer(Tensor2D<T> input, Tensor2D<T> output, InferenceScratch<T> scratch)
    {
        if (ActiveInInference && !IsIdentity)
        {
            base.Infer(input, output, scratch);
            return;
        }

        input.Span.CopyTo(output.Span);
    }

    /// <inheritdoc/>
    protected sealed override Tensor2D<T> BackwardCore(Tensor2D<T> outputGradient)
        => _active ? BackwardNoise(outputGradient) : outputGradient;

    /// <summary>Applies the noise to a batch, remembering what backward needs. Draw row r's noise from <see cref="RowRandom"/>.</summary>
    /// <param name="input">The input batch.</param>
    /// <param name="output">The output batch (same shape, owned by this layer).</param>
    /// <param name="step">The step this pass draws from.</param>
    protected abstract void ApplyNoise(Tensor2D<T> input, Tensor2D<T> output, long step);

    /// <summary>The random stream of row <paramref name="row"/> at <paramref name="step"/>: keyed by (Seed, step, row) only.</summary>
    /// <param name="step">The step.</param>
    /// <param name="row">The row index in the batch.</param>
    /// <returns>The stream.</returns>
    protected CounterRandom RowRandom(long step, int row)
        => Seeds.Noise(Seed, step, RowOffset + row);

    /// <summary>
    /// The global index of this batch's first row (0 except in data-parallel training, where a rank's shard starts
    /// part-way into the global batch): row r draws the noise of global row <c>RowOffset + r</c>, so the ranks together
    /// draw exactly the noise one process would draw for the whole batch.
    /// </summary>
    internal int RowOffset { get; set; }

    /// <summary>Advances <see cref="Step"/> as a training forward pass would, for a rank whose shard of a batch is empty.</summary>
    internal void SkipTrainingStep()
    {
        if (!FreezeStep && !IsIdentity)
        {
            Step++;
        }
    }

    /// <summary>The chain rule through the last noisy forward pass.</summary>
    /// <param name="outputGradient">∂L/∂output.</param>
    /// <returns>∂L/∂input.</returns>
    protected abstract Tensor2D<T> BackwardNoise(Tensor2D<T> outputGradient);

    /// <summary>Validates a drop rate in [0, 1).</summary>
    /// <param name="rate">The rate.</param>
    /// <returns>The rate.</returns>
    protected static double CheckRate(double rate)
        => Guard.InRange(rate, 0, 1, nameof(rate), maxExclusive: true);
}
