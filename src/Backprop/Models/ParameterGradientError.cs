namespace Backprop.Models;

/// <summary>The worst disagreement between analytic and numerical gradient for one parameter (or the input).</summary>
/// <remarks>Thread safety: immutable once constructed; one instance may be shared by any number of threads.</remarks>
/// <param name="Name">Parameter name, or "input".</param>
/// <param name="WorstRelativeError">Largest relative error over its elements.</param>
/// <param name="WorstIndex">Flat index where it occurs.</param>
/// <param name="Analytic">Analytic gradient there.</param>
/// <param name="Numeric">Finite-difference gradient there.</param>
public sealed record ParameterGradientError(string Name, double WorstRelativeError, int WorstIndex, double Analytic, double Numeric);
