using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace Backprop.Plotting;

/// <summary>
/// The font Backprop's plots use: DejaVu Sans, embedded in this package, so that a plot has its title, labels and tick
/// numbers on any machine — also a Linux server or container with no font installed, where SkiaSharp finds none —
/// and renders the same pixels everywhere. <see cref="HistoryPlots.SavePlot"/> uses it; to use it in your own
/// ScottPlot plots, call <see cref="Register"/> once and then <c>plot.Font.Set(PlotFont.Name)</c>.
/// </summary>
/// <remarks>Thread safety: <see cref="Register"/> may be called from any thread, any number of times; it adds the font
/// to ScottPlot's resolvers once.</remarks>
public static class PlotFont
{
    /// <summary>The family name under which the embedded font is registered with ScottPlot.</summary>
    public const string Name = "Backprop DejaVu Sans";

    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Adds the embedded font to ScottPlot's font resolvers (<c>ScottPlot.Fonts.FontResolvers</c>) under <see cref="Name"/>, once.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (!_registered)
            {
                Fonts.FontResolvers.Add(new EmbeddedFontResolver());
                _registered = true;
            }
        }
    }

    /// <summary>Serves <see cref="Name"/> (regular and bold) from the assembly's resources; any other name is not its business.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        private static readonly Lazy<SKTypeface> Regular = new(() => Load("DejaVuSans.ttf"));
        private static readonly Lazy<SKTypeface> Bold = new(() => Load("DejaVuSans-Bold.ttf"));

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing)
            => fontName == Name ? (weight >= FontWeight.SemiBold ? Bold.Value : Regular.Value) : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
            => fontName == Name ? (bold ? Bold.Value : Regular.Value) : null;

        private static SKTypeface Load(string file)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Backprop.Plotting.Fonts." + file)
                ?? throw new InvalidOperationException($"The font '{file}' is missing from the Backprop.Plotting assembly.");
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            return SKTypeface.FromStream(copy)
                ?? throw new InvalidOperationException($"SkiaSharp could not read the embedded font '{file}'.");
        }
    }
}
