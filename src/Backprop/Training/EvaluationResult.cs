using System.Globalization;
using Backprop.Metrics;

namespace Backprop.Training;

/// <summary>The result of <c>Evaluate</c>: mean loss and metrics over a data set.</summary>
/// <remarks>Thread safety: immutable once constructed; one instance may be shared by any number of threads.</remarks>
public sealed class EvaluationResult
{
    internal EvaluationResult(double loss, IReadOnlyDictionary<string, double> metrics)
    {
        Loss = loss;
        Metrics = metrics;
    }

    /// <summary>Mean loss over all samples (NaN when no loss was given or remembered from Fit).</summary>
    public double Loss { get; }

    /// <summary>Metric values by name.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>The "accuracy" metric.</summary>
    /// <exception cref="InvalidOperationException">When accuracy was not computed.</exception>
    public double Accuracy => Metrics.TryGetValue("accuracy", out var a)
        ? a
        : throw new InvalidOperationException("Accuracy was not computed; pass an Accuracy metric to Evaluate.");

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"loss={Loss:G5} ")
            + string.Join(" ", Metrics.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value:G5}")));
}
