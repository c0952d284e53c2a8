using System.Numerics;

namespace Backprop;

/// <summary>
/// The argument checks of the library, each rule written once. Every message names the parameter and the value seen,
/// in one shape: <c>[owner: ]'name' must be &lt;rule&gt;; got &lt;value&gt;.</c> The optional <c>owner</c> names the
/// component (e.g. "Huber") when the parameter name alone would not say whose it is. The checks return the value so
/// that constructors can validate and assign in one expression.
/// </summary>
internal static class Guard
{
    // ---- real numbers ----

    /// <summary>A probability: in [0, 1] (so never NaN).</summary>
    public static double Probability(double value, string name, string? owner = null)
        => value >= 0 && value <= 1 ? value : throw OutOfRange(name, value, "a probability in [0, 1]", owner);

    /// <summary>Finite and ≥ 0.</summary>
    public static double NonNegative(double value, string name, string? owner = null)
        => value >= 0 && !double.IsInfinity(value) ? value : throw OutOfRange(name, value, "finite and ≥ 0", owner);

    /// <summary>Finite and &gt; 0.</summary>
    public static double Positive(double value, string name, string? owner = null)
        => value > 0 && !double.IsInfinity(value) ? value : throw OutOfRange(name, value, "finite and > 0", owner);

    /// <summary>Finite (not NaN, not ±∞).</summary>
    public static double Finite(double value, string name, string? owner = null)
        => double.IsFinite(value) ? value : throw OutOfRange(name, value, "finite", owner);

    /// <summary>Finite and ≥ <paramref name="min"/>.</summary>
    public static double AtLeast(double value, double min, string name, string? owner = null)
        => value >= min && !double.IsInfinity(value) ? value : throw OutOfRange(name, value, $"finite and ≥ {min}", owner);

    /// <summary>
    /// In the interval from <paramref name="min"/> to <paramref name="max"/>, each end closed unless marked exclusive
    /// (so never NaN or ∞ when the ends are finite). The message writes the interval in the usual notation, e.g. [0, 1).
    /// </summary>
    public static double InRange(double value, double min, double max, string name, bool minExclusive = false, bool maxExclusive = false, string? owner = null)
    {
        bool aboveMin = minExclusive ? value > min : value >= min;
        bool belowMax = maxExclusive ? value < max : value <= max;
        return aboveMin && belowMax
            ? value
            : throw OutOfRange(name, value, $"in {(minExclusive ? '(' : '[')}{min}, {max}{(maxExclusive ? ')' : ']')}", owner);
    }

    /// <summary>
    /// A finite (min, max) pair with min ≤ max (min &lt; max when <paramref name="strict"/>), inside
    /// [<paramref name="lowest"/>, <paramref name="highest"/>] when those are given.
    /// </summary>
    public static (double Min, double Max) Range(
        (double Min, double Max) range, string name, double lowest = double.MinValue, double highest = double.MaxValue, bool strict = false, string? owner = null)
    {
        bool ordered = strict ? range.Min < range.Max : range.Min <= range.Max;
        if (!double.IsFinite(range.Min) || !double.IsFinite(range.Max) || !ordered || range.Min < lowest || range.Max > highest)
        {
            string inside = lowest == double.MinValue && highest == double.MaxValue ? string.Empty : $" inside [{lowest}, {highest}]";
            throw new ArgumentOutOfRangeException(
                name,
                $"{Lead(owner)}'{name}' must be a finite range with min {(strict ? "<" : "≤")} max{inside}; got [{range.Min}, {range.Max}].");
        }

        return range;
    }

    /// <summary>An optional clamp range: null, or a <see cref="Range"/>.</summary>
    public static void Clamp((double Min, double Max)? clamp, string name)
    {
        if (clamp is { } c)
        {
            Range(c, name);
        }
    }

    // ---- integers and enums ----

    /// <summary>An integer ≥ <paramref name="min"/>.</summary>
    public static TInt AtLeast<TInt>(TInt value, TInt min, string name, string? owner = null)
        where TInt : IBinaryInteger<TInt>
        => value >= min ? value : throw OutOfRange(name, value, $"≥ {min}", owner);

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>] (both ends included).</summary>
    public static TInt InRange<TInt>(TInt value, TInt min, TInt max, string name, string? owner = null)
        where TInt : IBinaryInteger<TInt>
        => value >= min && value <= max ? value : throw OutOfRange(name, value, $"in [{min}, {max}]", owner);

    /// <summary>One of the named values of <typeparamref name="TEnum"/>.</summary>
    public static TEnum Defined<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
        => Enum.IsDefined(value)
            ? value
            : throw OutOfRange(name, value, $"one of {string.Join(", ", Enum.GetNames<TEnum>())}", owner: typeof(TEnum).Name);

    // ---- data: class labels and sample weights ----

    /// <summary>
    /// The one class-label rule: an integer ≥ 0, and below <paramref name="classes"/> when the class count is known.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="value">The label.</param>
    /// <param name="classes">The number of classes, or null when only "a non-negative integer" is required.</param>
    /// <returns>True when <paramref name="value"/> is a valid class label.</returns>
    public static bool IsClassLabel<T>(T value, int? classes = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.IsInteger(value) && value >= T.Zero && (classes is not int k || value < T.CreateTruncating(k));

    /// <summary>The first row whose label breaks <see cref="IsClassLabel{T}"/>, or −1 when every label is valid.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="labels">One label per row.</param>
    /// <param name="classes">The number of classes, or null.</param>
    /// <returns>The row, or −1.</returns>
    public static int FirstInvalidLabel<T>(ReadOnlySpan<T> labels, int? classes = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if (!IsClassLabel(labels[i], classes))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Class labels for a model (or a loss) with <paramref name="classes"/> outputs: each an integer in
    /// [0, <paramref name="classes"/>). The message names the first bad row, its value and the output count.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="labels">One label per row.</param>
    /// <param name="classes">Number of classes (the model's outputs).</param>
    /// <param name="what">What the labels are, for the message (e.g. "training label").</param>
    /// <param name="name">The parameter name for the exception.</param>
    /// <param name="owner">The component checking them (e.g. a loss's name), or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A label is not an integer in range.</exception>
    public static void ClassLabels<T>(ReadOnlySpan<T> labels, int classes, string what, string name, string? owner = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int bad = FirstInvalidLabel(labels, classes);
        if (bad >= 0)
        {
            throw LabelOutOfRange(bad, $"{labels[bad]}", classes, $"for a model with {classes} outputs", what, name, owner);
        }
    }

    /// <summary>
    /// Integer class labels: each ≥ 0, and below <paramref name="classes"/> when it is given. The message names the
    /// first bad row and its value.
    /// </summary>
    /// <param name="labels">One label per row.</param>
    /// <param name="classes">Number of classes, or null when any label ≥ 0 is allowed.</param>
    /// <param name="what">What the labels are, for the message (e.g. "label").</param>
    /// <param name="name">The parameter name for the exception.</param>
    /// <exception cref="ArgumentOutOfRangeException">A label is negative or ≥ <paramref name="classes"/>.</exception>
    public static void ClassLabels(ReadOnlySpan<int> labels, int? classes, string what, string name)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            int v = labels[i];
            if (v < 0 || (classes is int k && v >= k))
            {
                throw LabelOutOfRange(i, $"{v}", classes, $"for {classes} classes", what, name, owner: null);
            }
        }
    }

    /// <summary>
    /// Per-sample weights: each finite and ≥ 0 (the count is the caller's rule: batch rows or dataset samples).
    /// The message names the first bad row and its value.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="weights">One weight per row.</param>
    /// <param name="name">The parameter name for the exception.</param>
    /// <param name="owner">The component checking them (e.g. a loss's name), or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative, NaN or ∞.</exception>
    public static void SampleWeights<T>(ReadOnlySpan<T> weights, string name, string? owner = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < weights.Length; i++)
        {
            T v = weights[i];
            if (!T.IsFinite(v) || v < T.Zero)
            {
                throw new ArgumentOutOfRangeException(
                    name, $"{Lead(owner)}{The(owner)} sample weight at row {i} is {v}; sample weights must be finite and ≥ 0.");
            }
        }
    }

    // ---- messages ----

    private static ArgumentOutOfRangeException OutOfRange<TValue>(string name, TValue value, string rule, string? owner)
        => new(name, value, $"{Lead(owner)}'{name}' must be {rule}; got {value}.");

    private static ArgumentOutOfRangeException LabelOutOfRange(int row, string value, int? classes, string forClasses, string what, string name, string? owner)
    {
        string rule = classes is null ? "class labels must be integers ≥ 0" : $"{forClasses} labels must be integers in [0, {classes})";
        return new ArgumentOutOfRangeException(name, $"{Lead(owner)}{The(owner)} {what} at row {row} is {value}, but {rule}.");
    }

    private static string Lead(string? owner) => owner is null ? string.Empty : owner + ": ";

    private static string The(string? owner) => owner is null ? "The" : "the";
}
