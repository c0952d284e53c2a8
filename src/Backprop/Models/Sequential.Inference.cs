using System.Numerics;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Training;

namespace Backprop.Models;

// The inference half of Sequential<T>: Evaluate and the Predict forms (documented, thread safety included, on the class
// in Sequential.cs).
public sealed partial class Sequential<T>
{
    /// <summary>
    /// Mean loss and metrics over a data set, in evaluation mode (no dropout, no regularization penalty); see
    /// <see cref="Evaluator"/>. The model does not remember what <c>Fit</c> used: pass the loss and metrics you want.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="loss">The loss (none gives a NaN loss).</param>
    /// <param name="metrics">Metrics (default: <see cref="DefaultMetrics.For{T}"/> — accuracy for classification).</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    /// <returns>Loss (the sample-weighted mean when <paramref name="data"/> has sample weights) and metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1, or a label is outside [0, outputs).</exception>
    /// <exception cref="ArgumentException">The data's feature or target width does not fit the model.</exception>
    /// <exception cref="InvalidOperationException">
    /// Fit (or another call that changes the model) is running on it on another thread, or a metric is in use by another
    /// Evaluate call at the same time.
    /// </exception>
    /// <remarks>
    /// Thread safety: concurrent calls are safe and give the same results as one at a time. Each needs its own metric
    /// instances (a metric accumulates one evaluation; sharing one throws) — pass none and each call creates its own.
    /// One loss instance may be shared: its computation is serialized (it keeps the last gradient).
    /// </remarks>
    public EvaluationResult Evaluate(Dataset<T> data, Loss<T>? loss = null, IReadOnlyList<Metric>? metrics = null, int batchSize = 256)
    {
        using var call = _usage.EnterShared(ModelCall.Evaluate);
        return Evaluator.Evaluate(this, data, loss, metrics, batchSize);
    }

    /// <summary>Model outputs for every row, computed in batches in evaluation mode.</summary>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    /// <returns>A new <c>[N, outputs]</c> buffer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The feature width differs from the one the model was built for.</exception>
    /// <exception cref="InvalidOperationException">
    /// The model was never built (its weights would be random), or Fit (or another call that changes the model) is
    /// running on it on another thread.
    /// </exception>
    /// <remarks>Thread safety: safe to call from many threads at once (see the class remarks).</remarks>
    public Tensor2D<T> Predict(Tensor2D<T> features, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var call = _usage.EnterShared(ModelCall.Predict);
        CheckFeatures(features.Columns);
        var result = new Tensor2D<T>(features.Rows, OutputFeatures);
        _inference.Rows(features, result, batchSize);
        return result;
    }

    /// <summary>
    /// Model outputs for every row written into <paramref name="output"/>, computed in batches in evaluation mode: the
    /// allocation-free form of <see cref="Predict(Tensor2D{T}, int)"/> (same values, bit for bit).
    /// </summary>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="output">Receives the outputs: shape <c>[N, outputs]</c>, not <paramref name="features"/> itself.</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A width or row count does not fit, or <paramref name="output"/> is <paramref name="features"/>.</exception>
    /// <exception cref="InvalidOperationException">
    /// The model was never built, or Fit (or another call that changes the model) is running on it on another thread.
    /// </exception>
    /// <remarks>Thread safety: safe to call from many threads at once, each with its own <paramref name="output"/>.</remarks>
    public void Predict(Tensor2D<T> features, Tensor2D<T> output, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var call = _usage.EnterShared(ModelCall.Predict);
        CheckFeatures(features.Columns);
        if (output.Rows != features.Rows || output.Columns != OutputFeatures)
        {
            throw new ArgumentException(
                $"The output buffer has shape [{output.Rows}, {output.Columns}] but {features.Rows} rows of this model's outputs need [{features.Rows}, {OutputFeatures}].",
                nameof(output));
        }

        if (ReferenceEquals(features, output))
        {
            throw new ArgumentException("The output buffer is the features buffer; the model needs its input intact while it writes the output.", nameof(output));
        }

        _inference.Rows(features, output, batchSize);
    }

    /// <summary>
    /// The outputs of one sample, for serving: <paramref name="input"/> holds its features, <paramref name="output"/>
    /// receives its outputs. The same values, bit for bit, as the row's outputs from <see cref="Predict(Tensor2D{T}, int)"/>,
    /// and no allocation at all once the model's buffer pool is warm.
    /// </summary>
    /// <param name="input">The sample's <see cref="InputFeatures"/> features.</param>
    /// <param name="output">Receives the <see cref="OutputFeatures"/> outputs (may overlap <paramref name="input"/>).</param>
    /// <exception cref="ArgumentException">A span's length differs from the model's input or output width.</exception>
    /// <exception cref="InvalidOperationException">
    /// The model was never built, or Fit (or another call that changes the model) is running on it on another thread.
    /// </exception>
    /// <remarks>Thread safety: safe to call from many threads at once (see the class remarks).</remarks>
    public void Predict(ReadOnlySpan<T> input, Span<T> output)
    {
        using var call = _usage.EnterShared(ModelCall.Predict);
        EnsureBuilt("asked to predict");
        if (input.Length != InputFeatures)
        {
            throw new ArgumentException($"The input row has {input.Length} values but the model takes {InputFeatures} features.", nameof(input));
        }

        if (output.Length != OutputFeatures)
        {
            throw new ArgumentException($"The output span has {output.Length} elements but the model has {OutputFeatures} outputs.", nameof(output));
        }

        _inference.Row(input, output);
    }

    /// <summary>Monte-Carlo dropout: the mean and variance of <paramref name="passes"/> stochastic predictions (see <see cref="MonteCarloDropout"/>).</summary>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="passes">Number of stochastic passes (≥ 1).</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    /// <returns>Mean and variance per output.</returns>
    /// <exception cref="InvalidOperationException">
    /// When the model has no stochastic layer (every pass would be identical), or another call is running on it on
    /// another thread.
    /// </exception>
    /// <remarks>
    /// Thread safety: needs the model to itself — it switches the noise layers on and advances their steps — so it
    /// throws rather than overlap any other call on the model (see the class remarks).
    /// </remarks>
    public MonteCarloPrediction<T> PredictMonteCarlo(Tensor2D<T> features, int passes, int batchSize = 256)
    {
        using var call = _usage.EnterExclusive(ModelCall.PredictMonteCarlo);
        return MonteCarloDropout.Predict(this, features, passes, batchSize);
    }

    /// <summary>
    /// The predicted class of each row: the arg-max of the outputs (first on ties), or for a one-output model
    /// whether the output reaches <paramref name="threshold"/>.
    /// </summary>
    /// <param name="features">Features.</param>
    /// <param name="threshold">
    /// The decision threshold of a one-output model, or null (default) to take it from the last layer: 0.5 when it ends in
    /// a sigmoid (or hard sigmoid) — probabilities — and 0 otherwise — raw scores (logits), the recommended setup with
    /// <c>BinaryCrossEntropy(fromLogits: true)</c>. Either way the classes are the ones the accuracy metric scores.
    /// </param>
    /// <returns>Class indices.</returns>
    /// <exception cref="InvalidOperationException">
    /// A row's outputs hold NaN (the model diverged), or Fit (or another call that changes the model) is running on it
    /// on another thread.
    /// </exception>
    /// <remarks>Thread safety: safe to call from many threads at once (see the class remarks).</remarks>
    public int[] PredictClasses(Tensor2D<T> features, double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var call = _usage.EnterShared(ModelCall.Predict);
        CheckFeatures(features.Columns);
        return _inference.Classes(features, T.CreateTruncating(threshold ?? DefaultThreshold()), batchSize: 256);
    }

    /// <summary>0.5 when the last layer ends in a sigmoid (its outputs are probabilities), else 0 (raw scores).</summary>
    private double DefaultThreshold()
    {
        var activation = OutputLossCheck.ActivationOf(_layers[^1]);
        return ReferenceEquals(activation, Activations.Activation.Sigmoid) || ReferenceEquals(activation, Activations.Activation.HardSigmoid) ? 0.5 : 0.0;
    }

    /// <inheritdoc/>
    void ITrainableModel<T>.Infer(Tensor2D<T> input, Tensor2D<T> output) => _inference.Batch(input, output);

    /// <summary>Throws unless the model is built for <paramref name="columns"/> input features.</summary>
    private void CheckFeatures(int columns)
    {
        EnsureBuilt("asked to predict");
        if (columns != InputFeatures)
        {
            throw new ArgumentException(
                $"The model was built for {InputFeatures} input features but is given data with {columns}.", "features");
        }
    }
}
