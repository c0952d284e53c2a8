using System.Numerics;
using Backprop.Layers;

namespace Backprop.Training;

/// <summary>
/// Monte-Carlo dropout (Gal &amp; Ghahramani 2016): N predictions with every <see cref="StochasticLayer{T}"/>
/// (dropout and noise layers) switched on and everything else in evaluation mode (batch normalization uses its
/// running statistics, no penalties); the mean and variance of the outputs estimate the model's uncertainty.
/// Each pass draws new masks (the layers' step counters advance).
/// </summary>
/// <remarks>Thread safety: it switches the model's noise layers on and advances their steps while it runs, so it needs
/// the model to itself: <c>Sequential.PredictMonteCarlo</c> checks that and throws on overlap; a direct call here does
/// not check.</remarks>
public static class MonteCarloDropout
{
    /// <summary>Runs <paramref name="passes"/> stochastic predictions of <paramref name="features"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="features">Features <c>[N, features]</c>.</param>
    /// <param name="passes">Number of stochastic passes (≥ 1).</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    /// <returns>Mean and variance per output.</returns>
    /// <exception cref="InvalidOperationException">When the model has no stochastic layer (every pass would be identical).</exception>
    public static MonteCarloPrediction<T> Predict<T>(ITrainableModel<T> model, Tensor2D<T> features, int passes, int batchSize = 256)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var stochastic = model.Layers.OfType<StochasticLayer<T>>().ToArray();
        if (stochastic.Length == 0)
        {
            throw new InvalidOperationException("Monte-Carlo prediction needs a dropout or noise layer; this model has none, so every pass would be identical.");
        }

        var previous = stochastic.Select(l => l.ActiveInInference).ToArray();
        try
        {
            foreach (var l in stochastic)
            {
                l.ActiveInInference = true;
            }

            return Accumulate(model, stochastic, features, passes, batchSize);
        }
        finally
        {
            for (int i = 0; i < stochastic.Length; i++)
            {
                stochastic[i].ActiveInInference = previous[i];
                stochastic[i].RowOffset = 0;
            }
        }
    }

    /// <summary>Welford's running mean and sum of squared deviations over the passes, in double.</summary>
    private static MonteCarloPrediction<T> Accumulate<T>(ITrainableModel<T> model, StochasticLayer<T>[] stochastic, Tensor2D<T> features, int passes, int batchSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!model.IsBuilt)
        {
            throw new InvalidOperationException("The model is not built, so its weights are random: train it (Fit), load it (Sequential.Load) or call Build first.");
        }

        model.Build(features.Columns, seed: 0); // no-op for the built width; a different width throws ArgumentException
        int outputs = model.OutputFeatures;
        var mean = new double[features.Rows * outputs];
        var deviations = new double[mean.Length];
        Tensor2D<T>? x = null;

        // Pass p draws row i's noise from (seed, first step + p, i) whatever the batch it falls in, so the result does not
        // depend on the batch size (each batch's forward would otherwise advance the step and restart the rows at 0).
        var firstSteps = stochastic.Select(l => l.Step).ToArray();
        for (int p = 0; p < passes; p++)
        {
            for (int start = 0; start < features.Rows; start += batchSize)
            {
                for (int l = 0; l < stochastic.Length; l++)
                {
                    if (!stochastic[l].FreezeStep)
                    {
                        stochastic[l].Step = firstSteps[l] + p;
                    }

                    stochastic[l].RowOffset = start;
                }

                int n = Math.Min(batchSize, features.Rows - start);
                var batch = Tensor2D<T>.Ensure(ref x, n, features.Columns);
                features.Span.Slice(start * features.Columns, n * features.Columns).CopyTo(batch.Span);
                var y = model.Forward(batch, training: false).Span;
                for (int i = 0; i < y.Length; i++)
                {
                    int k = (start * outputs) + i;
                    double v = double.CreateTruncating(y[i]);
                    double delta = v - mean[k];
                    mean[k] += delta / (p + 1);
                    deviations[k] += delta * (v - mean[k]);
                }
            }
        }

        for (int l = 0; l < stochastic.Length; l++)
        {
            // The next call draws fresh noise: one step per pass.
            if (!stochastic[l].FreezeStep)
            {
                stochastic[l].Step = firstSteps[l] + passes;
            }
        }

        var meanT = new Tensor2D<T>(features.Rows, outputs);
        var variance = new Tensor2D<T>(features.Rows, outputs);
        for (int i = 0; i < mean.Length; i++)
        {
            meanT.Span[i] = T.CreateTruncating(mean[i]);
            variance.Span[i] = T.CreateTruncating(deviations[i] / passes);
        }

        return new MonteCarloPrediction<T>(meanT, variance, passes);
    }
}
