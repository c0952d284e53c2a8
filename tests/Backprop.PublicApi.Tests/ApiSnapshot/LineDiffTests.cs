namespace Backprop.PublicApi.Tests.ApiSnapshot;

public class LineDiffTests
{
    private static readonly string[] Approved = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];

    [Fact]
    public void Equal_texts_have_an_empty_diff()
    {
        LineDiff.Format(Approved, Approved).Should().BeEmpty();
    }

    [Fact]
    public void A_changed_line_shows_as_removed_then_added_with_two_lines_of_context()
    {
        string[] received = ["a", "b", "c", "d", "E", "f", "g", "h", "i", "j"];

        LineDiff.Format(Approved, received).Should().Be("@@ approved line 3 @@\n  c\n  d\n- e\n+ E\n  f\n  g\n");
    }

    [Fact]
    public void Distant_changes_get_a_hunk_each_and_an_added_last_line_is_shown()
    {
        string[] received = ["b", "c", "d", "e", "f", "g", "h", "i", "j", "k"];

        LineDiff.Format(Approved, received).Should().Be("@@ approved line 1 @@\n- a\n  b\n  c\n@@ approved line 9 @@\n  i\n  j\n+ k\n");
    }
}
