using Backprop.Docs.Tests.Snippets;

namespace Backprop.Docs.Tests;

/// <summary>
/// The documentation cannot rot: every C# block of README.md and docs/*.md is the text of a #region in this project,
/// inside a test that runs it. Set <c>BACKPROP_UPDATE_SNIPPETS=1</c> to rewrite the markdown blocks from the regions.
/// </summary>
public class SnippetTests
{
    [Fact]
    public void Every_csharp_block_in_the_docs_is_a_region_of_a_test_and_every_region_is_shown()
    {
        var markdown = Repository.MarkdownFiles().Select(p => (p, File.ReadAllText(Repository.Full(p)))).ToList();
        var sources = Repository.SnippetSources().Select(p => (p, File.ReadAllText(Repository.Full(p)))).ToList();
        bool update = Environment.GetEnvironmentVariable("BACKPROP_UPDATE_SNIPPETS") == "1";

        var result = SnippetCheck.Run(markdown, sources, update);
        foreach (var (path, text) in result.Rewritten)
        {
            File.WriteAllText(Repository.Full(path), text);
        }

        result.Problems.Should().BeEmpty(
            "each problem names the file and line:\n" + string.Join("\n", result.Problems));
        markdown.Should().Contain(m => m.Item1 == "README.md").And.Contain(m => m.Item1.StartsWith("docs/", StringComparison.Ordinal));
        sources.Sum(s => s.Item2.Split("#region").Length - 1).Should().BeGreaterThan(10, "the docs show many snippets");
    }
}
