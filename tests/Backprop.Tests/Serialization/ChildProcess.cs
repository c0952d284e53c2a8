using System.Diagnostics;

namespace Backprop.Tests.Serialization;

/// <summary>Starts tests/Backprop.TestHost (copied beside the tests) as a separate process.</summary>
internal static class ChildProcess
{
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Backprop.TestHost.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("The test host did not start.");
    }

    /// <summary>Runs the child to completion and returns its standard output.</summary>
    public static string Run(params string[] args)
    {
        using var child = Start(args);
        string output = child.StandardOutput.ReadToEnd();
        string error = child.StandardError.ReadToEnd();
        child.WaitForExit();
        return child.ExitCode == 0 ? output : throw new InvalidOperationException($"The test host failed ({child.ExitCode}): {error}");
    }
}
