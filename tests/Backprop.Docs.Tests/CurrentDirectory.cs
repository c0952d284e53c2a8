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
