namespace Backprop.PublicApi.Tests;

/// <summary>The repository root (the folder holding Backprop.sln), for tests that read committed files.</summary>
internal static class RepoPaths
{
    public static readonly string Root = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backprop.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Backprop.sln not found above " + AppContext.BaseDirectory);
    }
}
