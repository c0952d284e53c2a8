using System.Globalization;
using System.Text;

namespace Backprop.Callbacks;

/// <summary>
/// A file name with Python <c>str.format</c> fields, as Keras' <c>ModelCheckpoint</c> takes them:
/// <c>"model-{epoch:02d}-{val_loss:.2f}.safetensors"</c>. A field is <c>{name}</c> or <c>{name:spec}</c> with spec
/// <c>[0][width][.precision][type]</c> and type <c>d</c> (integers), <c>f</c>/<c>F</c>, <c>e</c>/<c>E</c>,
/// <c>g</c>/<c>G</c> or <c>%</c>, formatted as Python does (<c>{x:.3e}</c> → <c>1.235e-03</c>; a bare float field is
/// Python's <c>repr</c>: <c>0.1</c>, <c>2.0</c>, <c>1e-05</c>); <c>{{</c> and <c>}}</c> are literal braces.
/// </summary>
internal sealed class PathTemplate
{
    private readonly List<(string? Literal, string Name, Spec Spec)> _parts = [];

    /// <summary>Parses the template.</summary>
    /// <exception cref="ArgumentException">Unbalanced braces, an empty field name or a format spec outside the subset above.</exception>
    public PathTemplate(string template)
    {
        Text = template;
        var literal = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c == '}')
            {
                throw Bad(template, $"a single '}}' at position {i} (write '}}}}' for a literal brace)");
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            int end = template.IndexOf('}', i + 1);
            if (end < 0)
            {
                throw Bad(template, $"the field opened at position {i} is not closed");
            }

            string field = template[(i + 1)..end];
            int colon = field.IndexOf(':', StringComparison.Ordinal);
            string name = colon < 0 ? field : field[..colon];
            if (name.Length == 0 || name.Contains('{', StringComparison.Ordinal))
            {
                throw Bad(template, $"the field '{{{field}}}' has no name");
            }

            _parts.Add((literal.ToString(), "", default));
            literal.Clear();
            _parts.Add((null, name, colon < 0 ? default : Spec.Parse(field[(colon + 1)..], template)));
            i = end;
        }

        _parts.Add((literal.ToString(), "", default));
    }

    /// <summary>The template as given.</summary>
    public string Text { get; }

    /// <summary>The field names, in order.</summary>
    public IEnumerable<string> Fields => _parts.Where(p => p.Literal is null).Select(p => p.Name);

    /// <summary>Fills the fields: integers from <paramref name="integers"/> (e.g. epoch), other values from <paramref name="numbers"/>.</summary>
    /// <exception cref="InvalidOperationException">A field names a value that is not there, or asks for <c>d</c> on a non-integer.</exception>
    public string Format(IReadOnlyDictionary<string, long> integers, Func<string, double?> numbers, Func<string> known)
    {
        var sb = new StringBuilder();
        foreach (var (literal, name, spec) in _parts)
        {
            if (literal is not null)
            {
                sb.Append(literal);
                continue;
            }

            if (integers.TryGetValue(name, out long integer))
            {
                sb.Append(spec.Format(integer));
            }
            else if (numbers(name) is double value)
            {
                sb.Append(spec.Type == 'd'
                    ? throw new InvalidOperationException($"ModelCheckpoint: '{Text}' formats '{name}' with 'd', but '{name}' is not an integer (Python raises the same); use e.g. {{{name}:.4f}}.")
                    : spec.Format(value));
            }
            else
            {
                throw new InvalidOperationException($"ModelCheckpoint: cannot fill '{{{name}}}' in '{Text}': no such value; available: {known()}.");
            }
        }

        return sb.ToString();
    }

    private static ArgumentException Bad(string template, string problem)
        => new($"The file path template '{template}' has {problem}.", "filePath");

    /// <summary>A parsed format spec.</summary>
    private readonly record struct Spec(bool Zero, int Width, int? Precision, char Type)
    {
        public static Spec Parse(string spec, string template)
        {
            int i = 0;
            bool zero = i < spec.Length && spec[i] == '0';
            if (zero)
            {
                i++;
            }

            int width = 0;
            while (i < spec.Length && char.IsAsciiDigit(spec[i]) && width < 1000)
            {
                width = (width * 10) + (spec[i++] - '0');
            }

            int? precision = null;
            if (i < spec.Length && spec[i] == '.')
            {
                i++;
                int start = i;
                int p = 0;
                while (i < spec.Length && char.IsAsciiDigit(spec[i]) && p < 100)
                {
                    p = (p * 10) + (spec[i++] - '0');
                }

                precision = i > start ? p : throw Bad(template, $"the format '{spec}' with a '.' but no precision");
            }

            char type = i < spec.Length ? spec[i++] : '\0';
            if (i != spec.Length || type is not ('\0' or 'd' or 'f' or 'F' or 'e' or 'E' or 'g' or 'G' or '%') || (type == 'd' && precision is not null))
            {
                throw Bad(template, $"the format '{spec}', which is not supported: use [0][width][.precision][type] with type d, f, e, g or % (e.g. 02d, .4f, .3e)");
            }

            return new Spec(zero, width, precision, type);
        }

        public string Format(long value)
            => Type is '\0' or 'd' ? Pad(value.ToString(CultureInfo.InvariantCulture)) : Format((double)value);

        public string Format(double value) => Pad(Type switch
        {
            '\0' => Python.Repr(value),
            'f' or 'F' => Python.Fixed(value, Precision ?? 6, Type == 'F'),
            'e' or 'E' => Python.Scientific(value, Precision ?? 6, Type == 'E'),
            'g' or 'G' => Python.General(value, Precision ?? 6, Type == 'G'),
            _ => double.IsFinite(value) ? Python.Fixed(value * 100, Precision ?? 6, upper: false) + "%" : Python.Fixed(value, 0, upper: false) + "%",
        });

        private string Pad(string text)
        {
            if (text.Length >= Width)
            {
                return text;
            }

            if (!Zero)
            {
                return text.PadLeft(Width);
            }

            int sign = text.StartsWith('-') || text.StartsWith('+') ? 1 : 0;
            return text[..sign] + new string('0', Width - text.Length) + text[sign..];
        }
    }

    /// <summary>Python's float formatting, from .NET's correctly rounded digits.</summary>
    private static class Python
    {
        public static string Fixed(double v, int precision, bool upper)
            => NonFinite(v, upper) ?? v.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

        public static string Scientific(double v, int precision, bool upper)
        {
            if (NonFinite(v, upper) is { } special)
            {
                return special;
            }

            var (negative, digits, exponent) = Digits(v.ToString("E" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            digits = digits.PadRight(precision + 1, '0');
            return Sign(negative) + digits[0] + (precision > 0 ? "." + digits[1..] : "") + Exponent(exponent, upper);
        }

        public static string General(double v, int precision, bool upper)
        {
            if (NonFinite(v, upper) is { } special)
            {
                return special;
            }

            int p = Math.Max(precision, 1);
            var (negative, digits, exponent) = Digits(v.ToString("E" + (p - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            digits = digits.TrimEnd('0');
            if (digits.Length == 0)
            {
                digits = "0";
                exponent = 0;
            }

            return exponent >= -4 && exponent < p
                ? Sign(negative) + Positional(digits, exponent, minimumDecimals: 0)
                : Sign(negative) + digits[0] + (digits.Length > 1 ? "." + digits[1..] : "") + Exponent(exponent, upper);
        }

        /// <summary>Python's <c>repr(float)</c>: the shortest round-trip digits, positional for exponents in [−4, 16), else scientific.</summary>
        public static string Repr(double v)
        {
            if (NonFinite(v, upper: false) is { } special)
            {
                return special;
            }

            var (negative, digits, exponent) = Digits(v.ToString("R", CultureInfo.InvariantCulture));
            return exponent >= -4 && exponent < 16
                ? Sign(negative) + Positional(digits, exponent, minimumDecimals: 1)
                : Sign(negative) + digits[0] + (digits.Length > 1 ? "." + digits[1..] : "") + Exponent(exponent, upper: false);
        }

        private static string? NonFinite(double v, bool upper)
            => double.IsNaN(v) ? (upper ? "NAN" : "nan")
            : double.IsInfinity(v) ? (v > 0 ? "" : "-") + (upper ? "INF" : "inf")
            : null;

        private static string Sign(bool negative) => negative ? "-" : "";

        private static string Exponent(int exponent, bool upper)
            => (upper ? "E" : "e") + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);

        /// <summary>Digits d₁d₂… (no leading or trailing zeros, "0" for zero) with the value d₁.d₂… × 10^exponent, from .NET's "R" or "E" text.</summary>
        private static (bool Negative, string Digits, int Exponent) Digits(string text)
        {
            bool negative = text.StartsWith('-');
            text = text.TrimStart('-', '+');
            int e = 0;
            int at = text.IndexOfAny(['E', 'e']);
            if (at >= 0)
            {
                e = int.Parse(text[(at + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                text = text[..at];
            }

            int point = text.IndexOf('.', StringComparison.Ordinal);
            string all = point < 0 ? text : text[..point] + text[(point + 1)..];
            int integerDigits = point < 0 ? text.Length : point;
            int leading = all.Length - all.TrimStart('0').Length;
            string digits = all.TrimStart('0').TrimEnd('0');
            return digits.Length == 0 ? (negative, "0", 0) : (negative, digits, integerDigits - leading - 1 + e);
        }

        private static string Positional(string digits, int exponent, int minimumDecimals)
        {
            string integer, fraction;
            if (exponent >= 0)
            {
                string padded = digits.PadRight(exponent + 1, '0');
                integer = padded[..(exponent + 1)];
                fraction = padded[(exponent + 1)..];
            }
            else
            {
                integer = "0";
                fraction = new string('0', -exponent - 1) + digits;
            }

            fraction = fraction.PadRight(minimumDecimals, '0');
            return fraction.Length == 0 ? integer : integer + "." + fraction;
        }
    }
}
