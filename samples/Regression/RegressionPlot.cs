using Backprop.Plotting;
using ScottPlot;

/// <summary>Predicted against actual target values for each model, with the diagonal a perfect model would sit on.</summary>
internal static class RegressionPlot
{
    public static string PredictedVsActual(string path, float[] actual, IEnumerable<(string Name, float[] Predicted)> models)
    {
        var plot = new Plot();
        PlotFont.Register();
        plot.Font.Set(PlotFont.Name);   // Backprop.Plotting's embedded font: text also on machines without fonts
        double[] x = actual.Select(v => (double)v).ToArray();
        foreach (var (name, predicted) in models)
        {
            var points = plot.Add.ScatterPoints(x, predicted.Select(v => (double)v).ToArray());
            points.LegendText = name;
            points.MarkerSize = 6;
        }

        double lo = actual.Min(), hi = actual.Max();
        var diagonal = plot.Add.Line(lo, lo, hi, hi);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.Color = Colors.Gray;
        diagonal.LegendText = "predicted = actual";
        plot.Title("diabetes test rows: predicted vs actual progression");
        plot.XLabel("actual");
        plot.YLabel("predicted");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 700, 600);
        return path;
    }
}
