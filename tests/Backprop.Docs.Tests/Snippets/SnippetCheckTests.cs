namespace Backprop.Docs.Tests.Snippets;

/// <summary>The checker itself, on small in-memory files: each kind of rot it must catch, and the rewrite.</summary>
public class SnippetCheckTests
{
    private const string Source = """
        class C
        {
            void M()
            {
                %region Hello
                var x = 1;
                if (x > 0)
                {
                    x++;
                }
                %endregion
            }
        }
        """;

    private static SnippetCheckResult Check(string markdown, string source = Source, bool update = false)
        => SnippetCheck.Run([("docs/page.md", markdown)], [("tests/C.cs", Directives(source))], update);

    /// <summary>The sources here write <c>%region</c>: this file is itself scanned for regions by <see cref="SnippetTests"/>.</summary>
    private static string Directives(string source) => source.Replace("%region", "#region", StringComparison.Ordinal).Replace("%endregion", "#endregion", StringComparison.Ordinal);

    [Fact]
    public void A_block_equal_to_its_region_modulo_indentation_passes()
    {
        var md = "Text\n<!-- snippet: Hello -->\n```csharp\nvar x = 1;\nif (x > 0)\n{\n    x++;\n}\n```\n";
        Check(md).Problems.Should().BeEmpty();

        var indented = "- item\n  <!-- snippet: Hello -->\n  ```csharp\n  var x = 1;\n  if (x > 0)\n  {\n      x++;\n  }\n  ```\n";
        Check(indented).Problems.Should().BeEmpty();
    }

    [Fact]
    public void A_block_that_differs_fails_with_file_line_and_a_diff()
    {
        var md = "<!-- snippet: Hello -->\n```csharp\nvar x = 2;\nif (x > 0)\n{\n    x++;\n}\n```\n";
        var problem = Check(md).Problems.Should().ContainSingle().Subject;
        problem.File.Should().Be("docs/page.md");
        problem.Line.Should().Be(2);
        problem.Message.Should().Contain("tests/C.cs:5").And.Contain("- var x = 2;").And.Contain("+ var x = 1;").And.Contain("  if (x > 0)");
    }

    [Fact]
    public void Update_mode_rewrites_the_block_from_the_region_keeping_its_indentation()
    {
        var md = "intro\n  <!-- snippet: Hello -->\n  ```csharp\n  old\n  ```\nafter\n";
        var result = Check(md, update: true);
        result.Problems.Should().BeEmpty();
        result.Rewritten["docs/page.md"].Should().Be("intro\n  <!-- snippet: Hello -->\n  ```csharp\n  var x = 1;\n  if (x > 0)\n  {\n      x++;\n  }\n  ```\nafter\n");
        Check(result.Rewritten["docs/page.md"]).Problems.Should().BeEmpty();
    }

    [Fact]
    public void A_marker_without_a_region_and_a_region_without_a_marker_both_fail()
    {
        var problems = Check("<!-- snippet: Missing -->\n```csharp\nx\n```\n").Problems;
        problems.Should().HaveCount(2);
        problems.Should().Contain(p => p.File == "docs/page.md" && p.Line == 1 && p.Message.Contains("no #region Missing"));
        problems.Should().Contain(p => p.File == "tests/C.cs" && p.Line == 5 && p.Message.Contains("'Hello' is not shown"));
    }

    [Fact]
    public void A_csharp_block_needs_a_marker_or_an_opt_out_with_a_reason_and_other_languages_do_not()
    {
        const string shown = "<!-- snippet: Hello -->\n```csharp\nvar x = 1;\nif (x > 0)\n{\n    x++;\n}\n```\n";
        Check(shown + "\n```csharp\nConsole.WriteLine();\n```\n").Problems.Should().ContainSingle()
            .Which.Should().Match<SnippetProblem>(p => p.Line == 10 && p.Message.Contains("without a snippet marker"));
        Check(shown + "\n<!-- snippet: none (console output) -->\n```csharp\nnot code\n```\n").Problems.Should().BeEmpty();
        Check(shown + "\n<!-- snippet: none -->\n```csharp\nnot code\n```\n").Problems.Should().ContainSingle()
            .Which.Message.Should().Contain("needs a reason");
        Check(shown + "\n```bash\ndotnet test\n```\n").Problems.Should().BeEmpty();
    }

    [Fact]
    public void A_marker_must_sit_directly_above_its_block()
    {
        Check("<!-- snippet: Hello -->\nsome text\n```csharp\nx\n```\n").Problems
            .Should().Contain(p => p.Line == 1 && p.Message.Contains("not on the line directly above"));
    }

    [Fact]
    public void Regions_can_be_joined_with_plus_separated_by_a_blank_line_and_nested_regions_leave_out_their_directives()
    {
        const string source = """
            %region Usings
            using System;
            %endregion
            class C
            {
                void M()
                {
                    %region Outer
                    int a = 1;
                    %region Inner
                    int b = 2;
                    %endregion
                    %endregion
                }
            }
            """;
        var md = "<!-- snippet: Usings + Outer -->\n```csharp\nusing System;\n\nint a = 1;\nint b = 2;\n```\n\n<!-- snippet: Inner -->\n```cs\nint b = 2;\n```\n";
        Check(md, source).Problems.Should().BeEmpty();
    }

    [Fact]
    public void Duplicate_unclosed_and_unnamed_regions_are_reported()
    {
        const string source = "%region A\n%endregion\n%region A\n%endregion\n%region\n%endregion\n%region B\n";
        var problems = SnippetCheck.Run([], [("t.cs", Directives(source))], update: false).Problems;
        problems.Should().Contain(p => p.Line == 3 && p.Message.Contains("defined twice"));
        problems.Should().Contain(p => p.Line == 5 && p.Message.Contains("without a name"));
        problems.Should().Contain(p => p.Line == 7 && p.Message.Contains("never closed"));
    }
}
