using Backprop.Callbacks;

namespace Backprop.Tests.Callbacks;

/// <summary>ModelCheckpoint's file names are filled as Python's <c>str.format</c> fills Keras' (expected strings printed by CPython 3).</summary>
public class PathTemplateTests
{
    [Theory]
    [InlineData("{v}", 0.1, "0.1")]
    [InlineData("{v}", 2.0, "2.0")]
    [InlineData("{v}", 1e-5, "1e-05")]
    [InlineData("{v}", 1e16, "1e+16")]
    [InlineData("{v}", 1e15, "1000000000000000.0")]
    [InlineData("{v}", 123456789012345678.0, "1.2345678901234568e+17")]
    [InlineData("{v}", -0.0, "-0.0")]
    [InlineData("{v}", double.NaN, "nan")]
    [InlineData("{v}", double.NegativeInfinity, "-inf")]
    [InlineData("{v}", 0.0001, "0.0001")]
    [InlineData("{v}", 1.5e-7, "1.5e-07")]
    [InlineData("{v:.2f}", 2.675, "2.67")]
    [InlineData("{v:.2f}", 0.125, "0.12")]
    [InlineData("{v:.2f}", 0.375, "0.38")]
    [InlineData("{v:.0f}", 2.5, "2")]
    [InlineData("{v:.4f}", double.PositiveInfinity, "inf")]
    [InlineData("{v:08.3f}", -1.5, "-001.500")]
    [InlineData("{v:.3e}", 0.0012345, "1.234e-03")]
    [InlineData("{v:e}", 12345.678, "1.234568e+04")]
    [InlineData("{v:.2E}", 1e-300, "1.00E-300")]
    [InlineData("{v:.0e}", 5.5, "6e+00")]
    [InlineData("{v:g}", 0.0001234, "0.0001234")]
    [InlineData("{v:g}", 1234567.0, "1.23457e+06")]
    [InlineData("{v:.3g}", 0.000012345, "1.23e-05")]
    [InlineData("{v:g}", 100.0, "100")]
    [InlineData("{v:.2g}", 0.5, "0.5")]
    [InlineData("{v:G}", 1e-10, "1E-10")]
    [InlineData("{v:.1%}", 0.12345, "12.3%")]
    [InlineData("{v:10.4f}", 3.14159, "    3.1416")]
    [InlineData("{v:.3f}", 1e20, "100000000000000000000.000")]
    public void Floats_are_formatted_as_python_formats_them(string template, double value, string expected)
        => new PathTemplate(template).Format(new Dictionary<string, long>(), k => k == "v" ? value : null, () => "v").Should().Be(expected);

    [Theory]
    [InlineData("{v:02d}", 3, "03")]
    [InlineData("{v:03d}", -5, "-05")]
    [InlineData("{v}", 7, "7")]
    [InlineData("{v:.2f}", 3, "3.00")]
    [InlineData("{v:5d}", 42, "   42")]
    public void Integers_are_formatted_as_python_formats_them(string template, long value, string expected)
        => new PathTemplate(template).Format(new Dictionary<string, long> { ["v"] = value }, _ => null, () => "v").Should().Be(expected);

    [Fact]
    public void A_keras_style_name_is_filled_and_braces_can_be_escaped()
        => new PathTemplate("ckpt/{{run}}-model-{epoch:02d}-{val_loss:.2f}.safetensors")
            .Format(new Dictionary<string, long> { ["epoch"] = 7 }, k => k == "val_loss" ? 0.34567 : null, () => "")
            .Should().Be("ckpt/{run}-model-07-0.35.safetensors");

    [Theory]
    [InlineData("model-{epoch.safetensors", "not closed")]
    [InlineData("model-}.safetensors", "single '}'")]
    [InlineData("model-{}.safetensors", "has no name")]
    [InlineData("model-{epoch:>4}.safetensors", "not supported")]
    [InlineData("model-{loss:.2x}.safetensors", "not supported")]
    [InlineData("model-{epoch:.d}.safetensors", "no precision")]
    public void A_malformed_template_is_refused_when_the_callback_is_created(string template, string problem)
        => FluentActions.Invoking(() => new ModelCheckpoint(template)).Should().Throw<ArgumentException>().WithMessage($"*{problem}*");

    [Fact]
    public void A_missing_value_and_d_on_a_float_fail_naming_the_field()
    {
        var template = new PathTemplate("m-{val_acc:.2f}-{loss:d}");
        FluentActions.Invoking(() => template.Format(new Dictionary<string, long>(), _ => null, () => "epoch, loss"))
            .Should().Throw<InvalidOperationException>().WithMessage("*{val_acc}*available: epoch, loss*");
        FluentActions.Invoking(() => template.Format(new Dictionary<string, long>(), _ => 0.5, () => ""))
            .Should().Throw<InvalidOperationException>().WithMessage("*'loss' with 'd'*not an integer*");
    }
}
