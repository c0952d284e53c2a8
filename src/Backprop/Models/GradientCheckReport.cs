using System.Globalization;

namespace Backprop.Models;

/// <summary>The result of <see cref="GradientCheck.Run"/>.</summary>
/// <remarks>Thread safety: immutable once constructed; one instance may be shared by any number of threads.</remarks>
public sealed class GradientCheckReport
{
    internal GradientCheckReport(IReadOnlyList<ParameterGradientError> parameters, ParameterGradientError input)
    {
        Parameters = parameters;
        Input = input;
    }

    /// <summary>One entry per parameter.</summary>
    public IReadOnlyList<ParameterGradientError> Parameters { get; }

    /// <summary>The check of ∂L/∂input.</summary>
    public ParameterGradientError Input { get; }

    /// <summary>The worst relative error over parameters and input.</summary>
    public double WorstRelativeError => Parameters.Select(p => p.WorstRelativeError).Append(Input.WorstRelativeError).Max();

    /// <inheritdoc/>
    public override string ToString()
        => string.Join(Environment.NewLine, Parameters.Append(Input).Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{p.Name}: worst relative error {p.WorstRelativeError:E2} at {p.WorstIndex} (analytic {p.Analytic:G6}, numeric {p.Numeric:G6})")));
}
