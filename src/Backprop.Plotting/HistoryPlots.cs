using Backprop.Training;

namespace Backprop.Plotting;

/// <summary>
/// Training curves at a glance: <c>history.SavePlot("curves.png")</c> draws what <c>Fit</c> logged, one panel per
/// quantity (<c>loss</c> with <c>val_loss</c>, then each metric with its <c>val_</c> twin), epochs on the x axis, and
/// writes a PNG or SVG file.
/// </summary>
/// <remarks>Thread safety: stateless; each call renders its own plot, so calls on different histories may run at once.
/// Do not call it on a history that a running <c>Fit</c> is still writing.</remarks>
public static class HistoryPlots
{
    /// <summary>
    /// Draws <paramref name="history"/> and writes it to <paramref name="path"/>, atomically (a temporary file renamed
    /// over the target, so a failure leaves the old file or none, never a half-written one). The format follows the
    /// extension: <c>.png</c> or <c>.svg</c>.
    /// </summary>
    /// <param name="history">What <c>Fit</c> returned, with at least one epoch.</param>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="options">Size, title and keys; null for the defaults.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The history has no epoch, the path is empty or has another extension, a size
    /// is out of range, or a requested key was never logged.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static string SavePlot(this History history, string path, HistoryPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(path);
        options ??= new HistoryPlotOptions();
        var format = FormatOf(path);
        if (history.Epochs.Count == 0)
        {
            throw new ArgumentException("'history' must hold at least one epoch; got 0 (Fit stopped before its first epoch).", nameof(history));
        }

        CheckSize(options.Width, "Width");
        if (options.Height is int height)
        {
            CheckSize(height, "Height");
        }

        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"'path' must be in an existing folder; got '{path}', whose folder '{folder}' does not exist.");
        }

        var panels = HistoryPanels.For(history, options.Keys);
        byte[] image = HistoryRenderer.Render(history, panels, options, format);
        AtomicWrite.Bytes(full, image);
        return full;
    }

    private static ImageFormat FormatOf(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"'path' must name a .png or .svg file; got '{path}'.", nameof(path));
        }

        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".PNG" => ImageFormat.Png,
            ".SVG" => ImageFormat.Svg,
            _ => throw new ArgumentException($"'path' must end in .png or .svg; got '{path}'.", nameof(path)),
        };
    }

    private static void CheckSize(int value, string name)
    {
        if (value < HistoryPlotOptions.MinSize || value > HistoryPlotOptions.MaxSize)
        {
            throw new ArgumentException(
                $"'{name}' must be in [{HistoryPlotOptions.MinSize}, {HistoryPlotOptions.MaxSize}] pixels; got {value}.", "options");
        }
    }
}

/// <summary>The file formats <see cref="HistoryPlots.SavePlot"/> writes.</summary>
internal enum ImageFormat
{
    /// <summary>Portable Network Graphics.</summary>
    Png,

    /// <summary>Scalable Vector Graphics.</summary>
    Svg,
}
