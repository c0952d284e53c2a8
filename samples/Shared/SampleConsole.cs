using System.Globalization;
using Spectre.Console;

namespace Backprop.Samples;

/// <summary>
/// Everything a sample prints: the header, notes, the results table and the machine-readable last line. Live progress
/// bars only when a person watches a terminal; redirected output (CI, pipes, files) gets plain lines instead.
/// </summary>
internal static class SampleConsole
{
    /// <summary>
    /// True when the output is a terminal that can redraw: then progress is drawn as live bars. False when the output is
    /// redirected or the terminal cannot redraw, or when BACKPROP_PLAIN_OUTPUT is set.
    /// </summary>
    public static bool Interactive { get; } =
        !Console.IsOutputRedirected
        && AnsiConsole.Profile.Capabilities.Interactive
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("BACKPROP_PLAIN_OUTPUT"));

    /// <summary>Formats with the invariant culture, so numbers read the same on every machine.</summary>
    public static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The header every sample prints: what it is, the machine (CPU model, SIMD ISA, cores, runtime), the command that
    /// reproduces the run and the output folder, so a reader knows why their figures differ. <paramref name="launch"/>
    /// is the command before the arguments when the sample is not started with <c>dotnet run</c> (e.g. by mpiexec).
    /// </summary>
    public static void Header(string project, string description, string[] args, string outDir, string? launch = null)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 120;   // Spectre assumes 80 columns for a file or pipe; tables would wrap
        }

        Line($"{project}: {description}");
        Line(MachineInfo.Describe());
        string arguments = string.Join(' ', args.Select(Quote));
        Line(launch is null
            ? $"command: dotnet run -c Release --project samples/{project}{(args.Length > 0 ? " -- " + arguments : "")}"
            : $"command: {launch}{(args.Length > 0 ? " " + arguments : "")}");
        Line($"output: {outDir}");
    }

    /// <summary>
    /// From now on this process prints nothing on standard output: the header, lines, progress, tables and the last line
    /// all go nowhere; errors still reach standard error. For the processes of a parallel run that are not its voice
    /// (MPI ranks other than 0), so the output reads as that of one program.
    /// </summary>
    public static void Silence()
    {
        Console.SetOut(TextWriter.Null);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
    }

    /// <summary>Prints one plain line (no markup is interpreted).</summary>
    public static void Line(string text) => Console.Out.WriteLine(text);

    /// <summary>Prints that a file was written.</summary>
    public static void Wrote(string path) => Line($"wrote {path}");

    /// <summary>Prints a results table with a title: Spectre's boxed table in a terminal, its ASCII form otherwise.</summary>
    public static void Table(string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        if (!Interactive)
        {
            table.Border(TableBorder.Ascii);
        }

        foreach (string column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
        }

        table.Columns[0].LeftAligned();
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => new Text(cell)).ToArray());
        }

        AnsiConsole.Write(table);
    }

    /// <summary>
    /// Prints the sample's machine-readable result, <c>key=value [key=value…]</c>: it must be the last line the sample
    /// prints (CI and scripts read <c>tail -n 1</c>).
    /// </summary>
    public static void LastLine(string text)
    {
        Console.Out.WriteLine(text);
        Console.Out.Flush();
    }

    private static string Quote(string arg) => arg.Length == 0 || arg.Any(char.IsWhiteSpace) ? $"\"{arg}\"" : arg;
}
