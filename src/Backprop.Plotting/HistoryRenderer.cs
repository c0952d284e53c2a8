using Backprop.Training;
using ScottPlot;
using SkiaSharp;

namespace Backprop.Plotting;

/// <summary>Draws the panels of a history with ScottPlot, stacked top to bottom on one canvas, and encodes the image.</summary>
internal static class HistoryRenderer
{
    /// <summary>Series with this many points or fewer get markers as well as lines.</summary>
    private const int MarkerLimit = 40;

    /// <summary>The encoded image.</summary>
    public static byte[] Render(History history, IReadOnlyList<HistoryPanel> panels, HistoryPlotOptions options, ImageFormat format)
    {
        int width = options.Width;
        int height = options.Height ?? Math.Min(HistoryPlotOptions.MaxSize, HistoryPlotOptions.DefaultPanelHeight * panels.Count);
        var plots = panels.Select((p, i) => Panel(history, p, options, first: i == 0, dashes: format == ImageFormat.Png)).ToArray();
        return format == ImageFormat.Png ? Png(plots, width, height) : Svg(plots, width, height);
    }

    private static byte[] Png(Plot[] plots, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}×{height} surface.");
        Draw(surface.Canvas, plots, width, height);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte[] Svg(Plot[] plots, int width, int height)
    {
        using var stream = new MemoryStream();
        using (var managed = new SKManagedWStream(stream))
        using (var canvas = SKSvgCanvas.Create(SKRect.Create(width, height), managed))
        {
            Draw(canvas, plots, width, height);
        }

        return stream.ToArray();
    }

    private static void Draw(SKCanvas canvas, Plot[] plots, int width, int height)
    {
        canvas.Clear(SKColors.White);
        for (int i = 0; i < plots.Length; i++)
        {
            float top = (float)Math.Round(height * (double)i / plots.Length);
            float bottom = (float)Math.Round(height * (double)(i + 1) / plots.Length);
            // ScottPlot clears the canvas before drawing; the clip keeps that to this panel's band.
            canvas.Save();
            canvas.ClipRect(new SKRect(0, top, width, bottom));
            plots[i].Render(canvas, new PixelRect(0, width, bottom, top));
            canvas.Restore();
        }

        canvas.Flush();
    }

    /// <summary>
    /// One panel. <paramref name="dashes"/> is false for SVG: Skia's SVG writer cannot stroke a dashed or dotted line —
    /// it draws it solid and prints "Unsupported path effect in addPaint." on stderr for every such line — so there the
    /// validation curves are told apart by hollow markers on every point instead, and the restored-epoch line is thin.
    /// </summary>
    private static Plot Panel(History history, HistoryPanel panel, HistoryPlotOptions options, bool first, bool dashes)
    {
        var plot = new Plot();
        PlotFont.Register();
        plot.Font.Set(PlotFont.Name);   // embedded: text on machines without fonts, and the same pixels everywhere
        foreach (string key in panel.Keys)
        {
            var (x, y) = Finite(history, key);
            if (x.Length == 0)
            {
                continue;   // logged, but never finite (a diverged run): nothing to draw, the legend would lie
            }

            var line = plot.Add.Scatter(x, y);
            line.LegendText = key;
            line.LineWidth = 2;
            line.MarkerSize = x.Length <= MarkerLimit ? 5 : 0;
            if (key.StartsWith(LogKeys.ValidationPrefix, StringComparison.Ordinal))
            {
                if (dashes)
                {
                    line.LinePattern = LinePattern.Dashed;
                }
                else
                {
                    line.MarkerShape = MarkerShape.OpenCircle;
                    line.MarkerSize = x.Length <= MarkerLimit ? 7 : 4;
                }
            }
        }

        if (options.MarkRestoredEpoch && history.RestoredEpoch is int restored)
        {
            var mark = plot.Add.VerticalLine(restored + 1);
            mark.LinePattern = dashes ? LinePattern.Dotted : LinePattern.Solid;
            mark.LineWidth = dashes ? mark.LineWidth : 1;
            mark.Color = Colors.Gray;
            mark.LegendText = $"restored weights (epoch {restored + 1})";
        }

        plot.Title(first && !string.IsNullOrWhiteSpace(options.Title) ? $"{options.Title}: {panel.Name}" : panel.Name);
        plot.XLabel("epoch");
        plot.YLabel(panel.Name);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>The epochs (1-based, as Keras prints them) where <paramref name="key"/> is finite, and its values there.</summary>
    private static (double[] X, double[] Y) Finite(History history, string key)
    {
        var x = new List<double>();
        var y = new List<double>();
        foreach (var epoch in history.Epochs)
        {
            if (epoch.TryGetValue(key, out double v) && double.IsFinite(v))
            {
                x.Add(epoch.Epoch + 1);
                y.Add(v);
            }
        }

        return (x.ToArray(), y.ToArray());
    }
}
