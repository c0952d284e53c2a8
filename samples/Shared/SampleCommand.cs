using System.CommandLine;
using Backprop;

namespace Backprop.Samples;

/// <summary>
/// The command line every sample shares (System.CommandLine): <c>--help</c>, typed options with defaults shown in the
/// help, <c>--out</c> and <c>--threads</c>, errors plus usage and exit code 1 for an unknown option or a bad value.
/// A sample adds its own options, then calls <see cref="Run"/> with what it does.
/// </summary>
internal sealed class SampleCommand
{
    private readonly string _project;

    /// <summary>Creates the command of sample <paramref name="project"/> (its folder under samples/, e.g. "Regression").</summary>
    public SampleCommand(string project, string description)
    {
        _project = project;
        Root = new RootCommand(description);
        Out = new Option<string>("--out")
        {
            Description = "Folder for the files the sample writes (created if missing)",
            DefaultValueFactory = _ => SamplePaths.DefaultOut(project),
            HelpName = "dir",
        };
        // "--out --help" must not create a folder named "--help": a value that looks like an option is refused.
        Out.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (string.IsNullOrWhiteSpace(value) || value.StartsWith('-'))
            {
                result.AddError($"--out needs a folder name; got '{value}' (a value starting with '-' looks like an option).");
            }
        });
        Threads = PositiveOption("--threads", Environment.ProcessorCount, "Threads for the kernels (results are bit-identical for any count)", "n");
    }

    /// <summary>The root command, to add arguments to.</summary>
    public RootCommand Root { get; }

    /// <summary>The output folder option.</summary>
    public Option<string> Out { get; }

    /// <summary>The thread count option.</summary>
    public Option<int> Threads { get; }

    /// <summary>
    /// Runs after parsing and before the header, when the sample will run (never for <c>--help</c> or a parse error):
    /// the place for start-up that decides what the header says or whether this process prints at all, e.g. joining
    /// MPI, after which ranks other than 0 call <see cref="SampleConsole.Silence"/>.
    /// </summary>
    public Action<ParseResult>? BeforeHeader { get; set; }

    /// <summary>
    /// The command that starts the sample, before its arguments, for the header's "command:" line; null (the default)
    /// means <c>dotnet run -c Release --project samples/&lt;project&gt; --</c>. Set it in <see cref="BeforeHeader"/>
    /// when the sample is started another way (e.g. by mpiexec).
    /// </summary>
    public string? Launch { get; set; }

    /// <summary>Adds an integer option that must be at least 1.</summary>
    public Option<int> Positive(string name, int fallback, string description, string helpName = "n")
    {
        var option = PositiveOption(name, fallback, description, helpName);
        Root.Options.Add(option);
        return option;
    }

    private static Option<int> PositiveOption(string name, int fallback, string description, string helpName)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback, HelpName = helpName };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{name} must be at least 1; got {result.GetValueOrDefault<int>()}.");
            }
        });
        return option;
    }

    /// <summary>Adds an option of type <typeparamref name="TValue"/> with a default.</summary>
    public Option<TValue> Add<TValue>(string name, TValue fallback, string description, string? helpName = null)
    {
        var option = new Option<TValue>(name) { Description = description, DefaultValueFactory = _ => fallback, HelpName = helpName };
        Root.Options.Add(option);
        return option;
    }

    /// <summary>Adds a flag (an option without a value).</summary>
    public Option<bool> Flag(string name, string description)
    {
        var option = new Option<bool>(name) { Description = description };
        Root.Options.Add(option);
        return option;
    }

    /// <summary>
    /// Parses <paramref name="args"/>; on <c>--help</c> prints the usage, on a parse error prints the errors and the
    /// usage and returns 1; otherwise prints the header (sample, machine, command, output folder), sets the thread
    /// count and runs <paramref name="body"/>, whose last output line is the sample's machine-readable result.
    /// </summary>
    public int Run(string[] args, Func<ParseResult, SampleContext, int> body)
    {
        Root.Options.Add(Out);                   // the shared options last, after the sample's own, in --help
        Root.Options.Add(Threads);
        Root.SetAction(parsed =>
        {
            try
            {
                BeforeHeader?.Invoke(parsed);
                var context = new SampleContext(_project, Path.GetFullPath(parsed.GetValue(Out)!));
                BackpropSettings.MaxThreads = parsed.GetValue(Threads);
                SampleConsole.Header(_project, Root.Description ?? _project, args, context.OutDir, Launch);
                return body(parsed, context);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException or FormatException)
            {
                // A bad file or value from the command line: one clear line, no stack trace, non-zero exit.
                Console.Out.Flush();
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return Root.Parse(args).Invoke();
    }
}

/// <summary>What a running sample knows about itself: its name and its output folder (created).</summary>
internal sealed class SampleContext
{
    public SampleContext(string project, string outDir)
    {
        Project = project;
        OutDir = outDir;
        Directory.CreateDirectory(outDir);
    }

    /// <summary>The sample's folder name under samples/.</summary>
    public string Project { get; }

    /// <summary>The full path of the output folder, which exists.</summary>
    public string OutDir { get; }

    /// <summary>The full path of <paramref name="fileName"/> in the output folder.</summary>
    public string OutFile(string fileName) => Path.Combine(OutDir, fileName);
}
