using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Models;
using Backprop.Optimizers;
#region PlottingUsing
using Backprop.Plotting;   // dotnet add package Backprop.Plotting
#endregion

namespace Backprop.Docs.Tests;

/// <summary>The README's "Plotting" section: a history drawn to PNG and SVG files that really are PNG and SVG.</summary>
[Collection(CurrentDirectory.Collection)]
public sealed class PlottingSnippets : InTemporaryDirectory
{
    public PlottingSnippets()
        : base("docs-plot-")
    {
    }

    [Fact]
    public void The_readme_saves_the_training_curves_as_png_and_svg()
    {
        var train = Datasets.Digits();
        var model = new Sequential<float>(new Dense<float>(32, Activation.ReLU), new Dense<float>(10));

        #region ReadmePlotting
        var history = model.Fit(train, new CategoricalCrossEntropy<float>(fromLogits: true), new Adam<float>(0.001),
            epochs: 60, batchSize: 32, validationSplit: 0.1, seed: 42);
        history.SavePlot("curves.png");                                                  // loss + accuracy, 900 × 640 px
        history.SavePlot("lr.svg", new HistoryPlotOptions { Keys = ["loss", "lr"], Title = "digits", Width = 1200 });
        #endregion

        history.Epochs.Should().HaveCount(60);
        byte[] png = File.ReadAllBytes("curves.png");
        png.Take(8).Should().Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        int width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        int height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
        (width, height).Should().Be((900, 640));
        File.ReadAllText("lr.svg").Should().Contain("<svg").And.Contain("digits");
    }
}
