using System.Diagnostics;

namespace Backprop.Distributed.Tests;

/// <summary>Starts the test host under <c>mpiexec.mpich</c> on this machine, with a time limit.</summary>
internal static class Mpiexec
{
    /// <summary>The full path of mpiexec.mpich, or null when it is not on the PATH.</summary>
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => System.IO.Path.Combine(d, "mpiexec.mpich"))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs <c>mpiexec.mpich -n ranks … dotnet Backprop.Distributed.TestHost.dll args</c>; kills it when it overruns.</summary>
    public static (int ExitCode, string Output, TimeSpan Elapsed) Run(int ranks, TimeSpan limit, params string[] args)
    {
        var info = new ProcessStartInfo(Path ?? throw new InvalidOperationException("mpiexec.mpich is not on the PATH: install MPICH (apt-get install -y --no-install-recommends mpich)."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-n", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), "-hosts", "localhost", "-iface", "lo", "-genv", "UCX_TLS", "self,sm", "dotnet" })
        {
            info.ArgumentList.Add(a);
        }

        info.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "Backprop.Distributed.TestHost.dll"));
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"mpiexec.mpich {string.Join(' ', args)} did not end within {limit.TotalSeconds} s: a rank hung. Output: {stdout.Result}{stderr.Result}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result, clock.Elapsed);
    }
}
