using Backprop.Losses;
using Backprop.Layers;

namespace Backprop.Models;

/// <summary>
/// Compares a model's analytic gradients (its explicit backward pass) with central finite differences
/// <c>(L(θ + h) − L(θ − h)) / 2h</c>, in double precision, for any model, loss and batch.
/// The objective is the data loss plus <see cref="Sequential{T}.RegularizationPenalty"/>, so regularizer
/// gradients are checked too.
/// </summary>
/// <remarks>Thread safety: it perturbs the model's weights while it runs, so it needs the model to itself: it throws if
/// another call is running on the model on another thread, and Predict or Evaluate on another thread throw while it
/// runs.</remarks>
public static class GradientCheck
{
    /// <summary>Checks every parameter element (except running statistics, which get no gradient) and every input element.</summary>
    /// <param name="model">A double-precision model (built, or built here from the input width).</param>
    /// <param name="loss">The loss.</param>
    /// <param name="inputs">A batch of inputs.</param>
    /// <param name="targets">Its targets.</param>
    /// <param name="sampleWeights">Optional per-sample weights.</param>
    /// <param name="step">The finite-difference step h (default 1e−6).</param>
    /// <param name="training">Run the model in training mode (default true). Layers with randomness must be deterministic for the check.</param>
    /// <returns>The worst relative error per parameter and for the input gradient.</returns>
    public static GradientCheckReport Run(
        Sequential<double> model,
        Loss<double> loss,
        Tensor2D<double> inputs,
        Tensor2D<double> targets,
        double[]? sampleWeights = null,
        double step = 1e-6,
        bool training = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        Guard.Positive(step, nameof(step));

        using var call = model.EnterExclusive(ModelCall.GradientCheck);
        model.Build(inputs.Columns);
        model.ZeroGradients();
        loss.Forward(model.Forward(inputs, training), targets, sampleWeights);
        var inputGradient = model.Backward(loss.Backward()).Clone();

        double Evaluate() => loss.Forward(model.Forward(inputs, training), targets, sampleWeights) + model.RegularizationPenalty();

        var results = new List<ParameterGradientError>();
        foreach (var p in model.Parameters)
        {
            if (p.Role == ParameterRole.RunningStatistic)
            {
                continue; // tracked statistics (e.g. batch-norm running mean) are not learned and get no gradient
            }

            var analytic = p.Gradient.Span.ToArray();
            results.Add(Compare(p.Name, p.Value.Span.ToArray().Length, analytic, i => Perturb(p.Value, i, step, Evaluate)));
            p.ZeroGradient();
        }

        var probe = inputs;
        var input = Compare("input", inputs.Length, inputGradient.Span.ToArray(), i => Perturb(probe, i, step, Evaluate));
        return new GradientCheckReport(results, input);
    }

    private static double Perturb(Tensor2D<double> tensor, int index, double step, Func<double> evaluate)
    {
        var values = tensor.Span;
        double original = values[index];
        values[index] = original + step;
        double plus = evaluate();
        values = tensor.Span;
        values[index] = original - step;
        double minus = evaluate();
        values = tensor.Span;
        values[index] = original;
        return (plus - minus) / (2 * step);
    }

    private static ParameterGradientError Compare(string name, int length, double[] analytic, Func<int, double> numeric)
    {
        double worst = 0;
        int worstIndex = -1;
        double worstAnalytic = 0;
        double worstNumeric = 0;
        for (int i = 0; i < length; i++)
        {
            double n = numeric(i);
            double a = analytic[i];
            double error = RelativeError(a, n);
            if (error > worst || worstIndex < 0)
            {
                worst = error;
                worstIndex = i;
                worstAnalytic = a;
                worstNumeric = n;
            }
        }

        return new ParameterGradientError(name, worst, worstIndex, worstAnalytic, worstNumeric);
    }

    /// <summary>
    /// |a − n| / max(|a|, |n|), or the absolute difference when both are below 1e−7
    /// (so that exact zeros compare as equal and round-off around zero is not magnified).
    /// </summary>
    /// <param name="analytic">Analytic gradient.</param>
    /// <param name="numeric">Numerical gradient.</param>
    /// <returns>The error.</returns>
    public static double RelativeError(double analytic, double numeric)
    {
        double scale = Math.Max(Math.Abs(analytic), Math.Abs(numeric));
        double diff = Math.Abs(analytic - numeric);
        return scale < 1e-7 ? diff : diff / scale;
    }
}
