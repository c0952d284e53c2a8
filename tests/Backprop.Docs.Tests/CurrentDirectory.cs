namespace Backprop.Docs.Tests;

/// <summary>
/// Snippets that write relative paths (as users would) run in a temporary current directory, which is process-wide:
/// their test classes share this collection so xunit never runs two of them at once.
/// </summary>
public static class CurrentDirectory
{
    /// <summary>The collection name.</summary>
    public const string Collection = "Current directory";
}

/// <summary>
/// Base of the snippet classes that write relative paths: each test runs with a fresh temporary folder as the current
/// directory, restored and deleted afterwards. Derived classes join <see cref="CurrentDirectory.Collection"/>.
/// </summary>
public abstract class InTemporaryDirectory : IDisposable
{
    private readonly string _previous = Directory.GetCurrentDirectory();

    /// <summary>Creates the folder (named after <paramref name="prefix"/>) and makes it the current directory.</summary>
    /// <param name="prefix">Start of the temporary folder's name.</param>
    protected InTemporaryDirectory(string prefix)
    {
        Folder = Directory.CreateTempSubdirectory(prefix).FullName;
        Directory.SetCurrentDirectory(Folder);
    }

    /// <summary>The temporary folder, the current directory while the test runs.</summary>
    protected string Folder { get; }

    /// <summary>Restores the previous current directory and deletes the folder.</summary>
    public void Dispose()
    {
        Directory.SetCurrentDirectory(_previous);
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
