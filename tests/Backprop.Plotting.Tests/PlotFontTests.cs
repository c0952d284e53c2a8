using SkiaSharp;

namespace Backprop.Plotting.Tests;

public sealed class PlotFontTests
{
    [Fact]
    public void The_embedded_font_resolves_under_its_name_regular_and_bold()
    {
        PlotFont.Register();
        PlotFont.Register();   // idempotent

        using var regular = ScottPlot.Fonts.GetTypeface(PlotFont.Name, bold: false, italic: false);
        using var bold = ScottPlot.Fonts.GetTypeface(PlotFont.Name, bold: true, italic: false);

        regular.FamilyName.Should().Be("DejaVu Sans", "it comes from the package, not from whatever the machine has installed");
        regular.FontStyle.Weight.Should().Be((int)SKFontStyleWeight.Normal);
        bold.FontStyle.Weight.Should().Be((int)SKFontStyleWeight.Bold);
        ScottPlot.Fonts.FontResolvers.Count(r => r.GetType().DeclaringType == typeof(PlotFont)).Should().Be(1);
    }

    [Fact]
    public void Plots_have_text_drawn_in_the_title_band()
    {
        // The title sits in the top ~30 px of a panel: without a usable font that band would be empty.
        var history = Histories.Classifier(epochs: 2);
        string folder = Directory.CreateTempSubdirectory("backprop-plot-font").FullName;
        try
        {
            byte[] file = File.ReadAllBytes(history.SavePlot(Path.Combine(folder, "c.png")));
            Png.InkInBand(file, 0, 25).Should().BeGreaterThan(50);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
