namespace Backprop.Docs.Tests.Snippets;

/// <summary>Something wrong with a snippet: where (file and 1-based line) and what.</summary>
/// <param name="File">The markdown or C# file.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Message">What is wrong, with a diff where a block differs from its region.</param>
public sealed record SnippetProblem(string File, int Line, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}: {Message}";
}
