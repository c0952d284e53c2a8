using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Backprop.Training;

namespace Backprop.Callbacks;

/// <summary>
/// Writes one CSV row per epoch: <c>epoch</c> (zero-based) then every logged value, with invariant culture and
/// round-trip precision. After every epoch the whole file is written to <c>path.tmp</c>, flushed and renamed over
/// <c>path</c>, so a crash leaves the previous complete file, never a half-written row. When a later epoch logs a new
/// name, the header gains a column (earlier rows get an empty cell).
/// Example: <c>new CsvLogger("training.csv")</c>.
/// </summary>
/// <remarks>Thread safety: keeps state for one <c>Fit</c>: Fit calls it in order from the thread that runs Fit; do not
/// share one instance between two Fits running at once.</remarks>
public sealed class CsvLogger : Callback
{
    private readonly List<string> _columns = [];
    private readonly List<Dictionary<string, double>> _rows = [];
    private string? _preamble;

    /// <summary>Creates the logger.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="append">Keep the rows already in the file (they must have the same header) instead of replacing it.</param>
    /// <param name="separator">Field separator (default ',').</param>
    public CsvLogger(string path, bool append = false, char separator = ',')
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (separator is '"' or '\n' or '\r' or '.' or '-' || char.IsLetterOrDigit(separator))
        {
            throw new ArgumentException($"'{separator}' cannot separate CSV fields of numbers.", nameof(separator));
        }

        Path = System.IO.Path.GetFullPath(path);
        Append = append;
        Separator = separator;
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>Whether existing rows are kept.</summary>
    public bool Append { get; }

    /// <summary>The field separator.</summary>
    public char Separator { get; }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        _columns.Clear();
        _rows.Clear();
        _preamble = null;
        if (Append && File.Exists(Path))
        {
            var lines = File.ReadAllLines(Path);
            if (lines.Length > 0)
            {
                _columns.AddRange(lines[0].Split(Separator).Skip(1));
                _preamble = string.Join('\n', lines.Skip(1)).TrimEnd('\n');
            }
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var row = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var key in context.Logs.Keys)
        {
            if (!_columns.Contains(key))
            {
                if (_preamble is { Length: > 0 })
                {
                    throw new InvalidOperationException($"CsvLogger: '{Path}' is appended to but epoch {context.Epoch} logs '{key}', which its header lacks.");
                }

                _columns.Add(key);
            }

            row[key] = context.Logs[key];
        }

        row["epoch"] = context.Epoch;
        _rows.Add(row);
        Write();
    }

    /// <inheritdoc/>
    /// <remarks>Saves the columns, the rows so far and the appended file's earlier rows, so a resumed Fit writes the same file.</remarks>
    public override void SaveState(CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var rows = new JsonArray();
        foreach (var row in _rows)
        {
            var o = new JsonObject();
            foreach (var (key, value) in row)
            {
                o[key] = value.ToString("R", CultureInfo.InvariantCulture);
            }

            rows.Add((JsonNode)o);
        }

        state.SetJson("columns", new JsonArray([.. _columns.Select(c => (JsonNode)c)]));
        state.SetJson("rows", rows);
        state.Set("preamble", _preamble);
    }

    /// <inheritdoc/>
    /// <remarks>Puts the rows back and rewrites the file, dropping any row of an epoch that ran after the checkpoint.</remarks>
    public override void LoadState(CallbackState state, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.GetJson("columns") is not JsonArray columns || state.GetJson("rows") is not JsonArray rows)
        {
            throw Bad("no column and row lists");
        }

        _columns.Clear();
        _columns.AddRange(columns.Select(c => c is JsonValue v && v.TryGetValue(out string? name) ? name : throw Bad("a column that is not a name")));
        _rows.Clear();
        foreach (var row in rows)
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (key, node) in row as JsonObject ?? throw Bad("a row that is not an object"))
            {
                values[key] = node is JsonValue v && v.TryGetValue(out string? text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                    ? d
                    : throw Bad($"a value of '{key}' that is not a number");
            }

            _rows.Add(values);
        }

        _preamble = state.GetString("preamble");
        Write();
    }

    private InvalidDataException Bad(string problem) => new($"The checkpoint's state of the CsvLogger of '{Path}' has {problem}.");

    private void Write()
    {
        var sb = new StringBuilder();
        sb.Append("epoch");
        foreach (var c in _columns)
        {
            sb.Append(Separator).Append(c);
        }

        sb.Append('\n');
        if (_preamble is { Length: > 0 })
        {
            sb.Append(_preamble).Append('\n');
        }

        foreach (var row in _rows)
        {
            sb.Append(((int)row["epoch"]).ToString(CultureInfo.InvariantCulture));
            foreach (var c in _columns)
            {
                sb.Append(Separator);
                if (row.TryGetValue(c, out double v))
                {
                    sb.Append(v.ToString("R", CultureInfo.InvariantCulture));
                }
            }

            sb.Append('\n');
        }

        string temp = Path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(sb.ToString());
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path, overwrite: true);
    }
}
