namespace Backprop;

/// <summary>Argument checks shared by the library; each message names the parameter and the value seen.</summary>
internal static class Guard
{
    public static double Probability(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"The probability '{name}' must be in [0, 1]; got {value}.");
        }

        return value;
    }

    public static double NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be finite and ≥ 0; got {value}.");
        }

        return value;
    }

    public static double Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be finite and > 0; got {value}.");
        }

        return value;
    }

    public static double Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be finite; got {value}.");
        }

        return value;
    }

    public static (double Min, double Max) Range((double Min, double Max) range, string name, double lowest = double.MinValue, double highest = double.MaxValue)
    {
        if (!double.IsFinite(range.Min) || !double.IsFinite(range.Max) || range.Min > range.Max || range.Min < lowest || range.Max > highest)
        {
            throw new ArgumentOutOfRangeException(
                name,
                $"The range '{name}' must be finite with min ≤ max inside [{lowest}, {highest}]; got [{range.Min}, {range.Max}].");
        }

        return range;
    }

    public static void Clamp((double Min, double Max)? clamp, string name)
    {
        if (clamp is { } c)
        {
            Range(c, name);
        }
    }

    /// <summary>
    /// The one class-label rule: every value is an integer in [0, <paramref name="classes"/>). The message names the
    /// first bad row and its value.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="labels">One label per row.</param>
    /// <param name="classes">Number of classes (the model's outputs).</param>
    /// <param name="what">What the labels are, for the message (e.g. "training label").</param>
    /// <param name="name">The parameter name for the exception.</param>
    /// <exception cref="ArgumentOutOfRangeException">A label is not an integer in range.</exception>
    public static void ClassLabels<T>(ReadOnlySpan<T> labels, int classes, string what, string name)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T limit = T.CreateTruncating(classes);
        for (int i = 0; i < labels.Length; i++)
        {
            T v = labels[i];
            if (!T.IsInteger(v) || v < T.Zero || v >= limit)
            {
                throw new ArgumentOutOfRangeException(
                    name,
                    $"The {what} at row {i} is {v}, but the model has {classes} outputs, so labels must be integers in [0, {classes}).");
            }
        }
    }
}
