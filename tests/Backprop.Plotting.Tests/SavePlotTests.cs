using System.Text;
using Backprop.Training;

namespace Backprop.Plotting.Tests;

public sealed class SavePlotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-plot").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string In(string name) => Path.Combine(_folder, name);

    [Fact]
    public void Writes_a_png_of_the_requested_size_with_curves_drawn()
    {
        var history = Histories.Classifier();

        string written = history.SavePlot(In("curves.png"), new HistoryPlotOptions { Width = 640, Height = 480 });

        written.Should().Be(In("curves.png"));
        byte[] file = File.ReadAllBytes(written);
        Png.HasSignature(file).Should().BeTrue();
        Png.Size(file).Should().Be((640, 480));
        Png.InkFraction(file).Should().BeGreaterThan(0.01, "axes, labels and curves are drawn on the white background");
    }

    [Fact]
    public void Default_size_gives_each_panel_its_height_loss_first_then_each_metric()
    {
        var history = Histories.Classifier();

        byte[] file = File.ReadAllBytes(history.SavePlot(In("curves.png")));

        // Two panels: loss/val_loss and accuracy/val_accuracy (the metric Fit computed); lr, data_loss, penalty are not drawn by default.
        Png.Size(file).Should().Be((900, 2 * HistoryPlotOptions.DefaultPanelHeight));
        Png.InkInBand(file, 0, HistoryPlotOptions.DefaultPanelHeight).Should().BeGreaterThan(1000);
        Png.InkInBand(file, HistoryPlotOptions.DefaultPanelHeight, 2 * HistoryPlotOptions.DefaultPanelHeight).Should().BeGreaterThan(1000);
        HistoryPanels.For(history, null).Should().BeEquivalentTo(
            [new HistoryPanel("loss", ["loss", "val_loss"]), new HistoryPanel("accuracy", ["accuracy", "val_accuracy"])],
            o => o.WithStrictOrdering());
    }

    [Fact]
    public void Keys_choose_the_panels_and_a_val_key_names_its_training_side()
    {
        var history = Histories.Classifier();

        var panels = HistoryPanels.For(history, ["lr", "val_data_loss", "loss"]);

        panels.Select(p => p.Name).Should().Equal("lr", "data_loss", "loss");
        panels[0].Keys.Should().Equal("lr");
        panels[1].Keys.Should().Equal("data_loss", "val_data_loss");
        Png.Size(File.ReadAllBytes(history.SavePlot(In("three.png"), new() { Keys = ["lr", "val_data_loss", "loss"] })))
            .Should().Be((900, 3 * HistoryPlotOptions.DefaultPanelHeight));
    }

    [Fact]
    public void Svg_by_extension()
    {
        string written = Histories.Classifier().SavePlot(In("curves.SVG"));

        string text = File.ReadAllText(written, Encoding.UTF8);
        text.Should().Contain("<svg").And.Contain("</svg>");
    }

    [Fact]
    public void Svg_marks_validation_curves_with_hollow_markers_because_it_cannot_dash_them()
    {
        // Skia's SVG writer draws dashed lines solid: a 60-epoch history (past the marker limit, so the training curves
        // have no markers) drew its val_ curves exactly like the training ones.
        var history = Histories.Classifier(epochs: 60);
        string svg = File.ReadAllText(history.SavePlot(In("long.svg"), new() { Keys = ["loss"] }), Encoding.UTF8);
        string withoutValidation = File.ReadAllText(history.SavePlot(In("lr.svg"), new() { Keys = ["lr"] }), Encoding.UTF8);

        Count(svg, "<ellipse").Should().BeGreaterThanOrEqualTo(60, "one hollow marker per val_loss point");
        Count(withoutValidation, "<ellipse").Should().Be(0, "no markers on a curve this long without a val_ twin");
    }

    private static int Count(string text, string what)
    {
        int n = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    [Fact]
    public void Empty_history_is_refused_and_nothing_is_written()
    {
        var history = Histories.Empty();
        history.Epochs.Should().BeEmpty();

        var act = () => history.SavePlot(In("empty.png"));

        act.Should().Throw<ArgumentException>().WithParameterName("history").WithMessage("*at least one epoch*got 0*");
        Directory.EnumerateFileSystemEntries(_folder).Should().BeEmpty();
    }

    [Theory]
    [InlineData("curves.jpg")]
    [InlineData("curves")]
    [InlineData("--help")]
    [InlineData(" ")]
    public void Path_without_png_or_svg_extension_is_refused(string name)
    {
        var history = Histories.Classifier(epochs: 1);

        var act = () => history.SavePlot(name == " " ? name : In(name));

        act.Should().Throw<ArgumentException>().WithParameterName("path").WithMessage("*.png or .svg*");
        Directory.EnumerateFileSystemEntries(_folder).Should().BeEmpty();
    }

    [Fact]
    public void Missing_folder_is_refused_not_created()
    {
        var history = Histories.Classifier(epochs: 1);
        string path = Path.Combine(_folder, "no-such-folder", "curves.png");

        var act = () => history.SavePlot(path);

        act.Should().Throw<DirectoryNotFoundException>().WithMessage("*no-such-folder*does not exist*");
        Directory.Exists(Path.GetDirectoryName(path)).Should().BeFalse();
    }

    [Fact]
    public void Unknown_key_is_refused_naming_the_logged_keys()
    {
        var history = Histories.Classifier(epochs: 1);

        var act = () => history.SavePlot(In("curves.png"), new() { Keys = ["loss", "acuracy"] });

        act.Should().Throw<ArgumentException>().WithParameterName("options")
            .WithMessage("*'acuracy'*no epoch logged*Logged: accuracy, data_loss, loss, lr, penalty, val_accuracy*");
    }

    [Theory]
    [InlineData(99, null)]
    [InlineData(10_001, null)]
    [InlineData(800, 0)]
    public void Sizes_out_of_range_are_refused(int width, int? height)
    {
        var act = () => Histories.Classifier(epochs: 1).SavePlot(In("curves.png"), new() { Width = width, Height = height });

        act.Should().Throw<ArgumentException>().WithMessage("*must be in [100, 10000] pixels*");
    }

    [Fact]
    public void Replaces_an_existing_file_atomically_and_leaves_no_temporary_file()
    {
        string path = In("curves.png");
        File.WriteAllText(path, "old");

        Histories.Classifier().SavePlot(path);

        Png.HasSignature(File.ReadAllBytes(path)).Should().BeTrue();
        Directory.EnumerateFiles(_folder).Select(Path.GetFileName).Should().Equal("curves.png");
    }

    [Fact]
    public void A_failed_call_leaves_the_existing_file_untouched()
    {
        string path = In("curves.png");
        File.WriteAllText(path, "old");

        var act = () => Histories.Classifier(epochs: 1).SavePlot(path, new() { Keys = ["nope"] });

        act.Should().Throw<ArgumentException>();
        File.ReadAllText(path).Should().Be("old");
        Directory.EnumerateFiles(_folder).Should().ContainSingle();
    }

    [Fact]
    public void Non_finite_values_are_skipped_not_drawn_and_do_not_fail()
    {
        var history = Histories.WithCustom(double.NaN);

        byte[] file = File.ReadAllBytes(history.SavePlot(In("nan.png"), new() { Keys = ["loss", "custom"], Width = 400, Height = 400 }));

        Png.Size(file).Should().Be((400, 400));
        HistoryPanels.For(history, ["custom"]).Single().Keys.Should().Equal("custom");
    }

    [Fact]
    public void Restored_epoch_is_marked()
    {
        var history = Histories.Restored();
        history.RestoredEpoch.Should().NotBeNull("the fixture must restore weights for this test to mean anything");

        byte[] marked = File.ReadAllBytes(history.SavePlot(In("marked.png")));
        byte[] plain = File.ReadAllBytes(history.SavePlot(In("plain.png"), new() { MarkRestoredEpoch = false }));

        marked.Should().NotEqual(plain);
    }

    [Fact]
    public void Same_history_same_bytes()
    {
        var history = Histories.Classifier();

        byte[] a = File.ReadAllBytes(history.SavePlot(In("a.png")));
        byte[] b = File.ReadAllBytes(history.SavePlot(In("b.png")));

        a.Should().Equal(b);
    }
}
