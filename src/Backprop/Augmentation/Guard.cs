namespace Backprop.Augmentation;

/// <summary>Parameter checks shared by the transforms; each message names the parameter and the value seen.</summary>
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

    public static void Image(SampleShape shape, string transform, int minSide = 1)
    {
        if (shape.Height < minSide || shape.Width < minSide)
        {
            throw new ArgumentException(
                $"{transform} needs an image of at least {minSide}×{minSide} pixels, but the sample shape is {shape}; " +
                "give the pipeline an image shape such as SampleShape.Image(28, 28).",
                nameof(shape));
        }
    }
}
