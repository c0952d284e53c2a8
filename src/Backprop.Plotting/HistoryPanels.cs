using Backprop.Training;

namespace Backprop.Plotting;

/// <summary>One panel of a history plot: a name and the logged keys drawn on it (the key and its <c>val_</c> twin).</summary>
/// <param name="Name">The training-side name, e.g. "loss".</param>
/// <param name="Keys">The logged keys drawn, training side first.</param>
internal sealed record HistoryPanel(string Name, IReadOnlyList<string> Keys);

/// <summary>Which panels a history plot has: the one rule that turns logged keys and options into panels.</summary>
internal static class HistoryPanels
{
    /// <summary>The panels for <paramref name="history"/>, in drawing order.</summary>
    /// <exception cref="ArgumentException">A requested key was logged in no epoch, or nothing plottable was logged.</exception>
    public static IReadOnlyList<HistoryPanel> For(History history, IReadOnlyList<string>? requested)
    {
        var logged = new HashSet<string>(history.Epochs.SelectMany(e => e.Keys), StringComparer.Ordinal);
        var names = requested ?? DefaultNames(history, logged);
        var panels = new List<HistoryPanel>();
        foreach (string name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("'Keys' must hold non-empty names; got an empty one.", "options");
            }

            string train = StripValidation(name);
            var keys = new[] { train, LogKeys.ValidationPrefix + train }.Where(logged.Contains).ToArray();
            if (keys.Length == 0)
            {
                throw new ArgumentException(
                    $"'Keys' must name logged values; got '{name}', which no epoch logged. Logged: {string.Join(", ", logged.Order(StringComparer.Ordinal))}.",
                    "options");
            }

            if (panels.All(p => p.Name != train))
            {
                panels.Add(new HistoryPanel(train, keys));
            }
        }

        return panels;
    }

    private static IEnumerable<string> DefaultNames(History history, HashSet<string> logged)
        => new[] { LogKeys.Loss }.Concat(history.Metrics.Select(m => m.Name))
            .Where(n => logged.Contains(n) || logged.Contains(LogKeys.ValidationPrefix + n))
            .Distinct(StringComparer.Ordinal);

    private static string StripValidation(string key)
        => key.StartsWith(LogKeys.ValidationPrefix, StringComparison.Ordinal) && key.Length > LogKeys.ValidationPrefix.Length
            ? key[LogKeys.ValidationPrefix.Length..]
            : key;
}
