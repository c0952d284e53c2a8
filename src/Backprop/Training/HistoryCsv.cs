using Backprop.Data;

namespace Backprop.Training;

/// <content>Writing the history as CSV.</content>
public sealed partial class History
{
    /// <summary>
    /// Writes the history as CSV, the way Keras's <c>CSVLogger</c> and <c>pd.DataFrame(history.history)</c> lay it out:
    /// a header <c>epoch</c> then every logged name (in the order first logged), one row per epoch (zero-based), numbers
    /// culture-invariant with round-trip precision (<c>NaN</c>, <c>Infinity</c> as such), an empty cell where an epoch
    /// did not log a name. The file is replaced atomically. Example: <c>history.ToCsv("history.csv")</c>.
    /// </summary>
    /// <param name="path">The file to write.</param>
    public void ToCsv(string path) => Csv.Write(path, ToCsv);

    /// <summary>Writes the history as CSV text (see <see cref="ToCsv(string)"/>); the writer is left open.</summary>
    /// <param name="writer">The destination.</param>
    public void ToCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var keys = new List<string>();
        foreach (var key in _epochs.SelectMany(e => e.Keys))
        {
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        CsvText.Row(writer, keys.Select(k => CsvText.Field(k)).Prepend("epoch"));
        foreach (var logs in _epochs)
        {
            var cells = keys.Select(k => logs.TryGetValue(k, out double v) ? CsvText.Number(v) : string.Empty);
            CsvText.Row(writer, cells.Prepend(CsvText.Number((double)logs.Epoch)));
        }
    }
}
