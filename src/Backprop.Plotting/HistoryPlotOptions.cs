namespace Backprop.Plotting;

/// <summary>
/// How <see cref="HistoryPlots.SavePlot"/> draws a training history: image size, title and which logged values get a
/// panel. Every property has a default, so <c>history.SavePlot("curves.png")</c> needs none of them.
/// </summary>
/// <remarks>Thread safety: an immutable record; share it freely.</remarks>
public sealed record HistoryPlotOptions
{
    /// <summary>The smallest accepted width or height, in pixels.</summary>
    public const int MinSize = 100;

    /// <summary>The largest accepted width or height, in pixels.</summary>
    public const int MaxSize = 10_000;

    /// <summary>Height of one panel when <see cref="Height"/> is not given, in pixels.</summary>
    public const int DefaultPanelHeight = 320;

    /// <summary>Image width in pixels (default 900), in [<see cref="MinSize"/>, <see cref="MaxSize"/>].</summary>
    public int Width { get; init; } = 900;

    /// <summary>
    /// Image height in pixels, in [<see cref="MinSize"/>, <see cref="MaxSize"/>], shared evenly by the panels;
    /// null (default) gives each panel <see cref="DefaultPanelHeight"/> pixels.
    /// </summary>
    public int? Height { get; init; }

    /// <summary>A title above the first panel (e.g. the model or run name); null (default) titles each panel with its key only.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// The logged values to draw, one panel each, top to bottom, by training-side name: <c>"loss"</c>,
    /// <c>"accuracy"</c>, <c>"data_loss"</c>, <c>"lr"</c>, a callback's own key… Each panel draws the key and, when it was
    /// logged, its <c>val_</c> counterpart (a <c>val_</c> key logged alone is drawn alone). Null (default): <c>loss</c>,
    /// then each metric of <see cref="Backprop.Training.History.Metrics"/> that was logged. A key logged in no epoch
    /// makes <see cref="HistoryPlots.SavePlot"/> throw, naming the logged keys.
    /// </summary>
    public IReadOnlyList<string>? Keys { get; init; }

    /// <summary>
    /// When true (default) and a callback restored the best weights (<see cref="Backprop.Training.History.RestoredEpoch"/>),
    /// every panel marks that epoch with a dashed vertical line.
    /// </summary>
    public bool MarkRestoredEpoch { get; init; } = true;
}
