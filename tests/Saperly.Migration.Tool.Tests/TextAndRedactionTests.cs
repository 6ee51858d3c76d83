using System.IO;
using System.Linq;
using System.Text;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Output;
using Saperly.Migration.Tool.Text;
using Saperly.Migration.Tool.Writing;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>The pure pieces every writer relies on: redaction, encodings, newlines, diffs, globs.</summary>
public sealed class TextAndRedactionTests
{
    [Theory]
    [InlineData("key sk_live_4eC39HqLyjWDarjtT1zdp7dc!", "key sk_live_…!")]
    [InlineData("\"sk_test_abcDEF123\"", "\"sk_test_…\"")]
    [InlineData("sk_svc_live_Zz9 and sk_svc_test_Yy8", "sk_svc_live_… and sk_svc_test_…")]
    [InlineData("pk_live_123 stays; sk_other_1 stays", "pk_live_123 stays; sk_other_1 stays")]
    [InlineData("Bearer sk_test_standin_api_key_00000001.", "Bearer sk_test_….")]
    public void Redaction_keeps_the_prefix_and_drops_the_secret(string input, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(input));

    [Fact]
    public void The_redacting_writer_catches_a_key_split_across_writes()
    {
        var inner = new StringWriter();
        using (var writer = new RedactingTextWriter(inner))
        {
            writer.Write("value: sk_li");
            writer.Write("ve_4eC39Hq");
            writer.WriteLine("Lyj end");
        }

        Assert.Equal("value: sk_live_… end\n", inner.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void Encodings_that_cannot_round_trip_are_refused()
    {
        Assert.Null(FileEncoding.Detect(Encoding.Latin1.GetBytes("// £5\n"), out var problem));
        Assert.Contains("not valid UTF-8", problem);

        var utf16 = FileEncoding.Detect([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("ü\n")], out _);
        Assert.Equal("UTF-16 LE", utf16!.Name);
        Assert.Equal("ü\n", utf16.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("ü\n")]));

        var bom = FileEncoding.Detect([0xEF, 0xBB, 0xBF, (byte)'a'], out _);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'b' }, bom!.Encode("b"));
    }

    [Fact]
    public void Newlines_outside_the_edit_are_kept_and_inserted_lines_use_the_dominant_style()
    {
        var original = "a\r\nb\r\nc\n";
        var fixedText = "a\r\nb\nx\nc\n";

        Assert.Equal("a\r\nb\r\nx\r\nc\n", NewlinePreserver.Apply(original, fixedText));
        Assert.Equal("a\nb", NewlinePreserver.Apply("a", "a\nb"));
    }

    [Fact]
    public void Unified_diff_has_headers_hunks_and_context()
    {
        var diff = UnifiedDiff.Render("src/A.cs", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n");

        Assert.Equal("--- a/src/A.cs\n+++ b/src/A.cs\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n", diff);
    }

    [Fact]
    public void A_large_file_with_thousands_of_changed_lines_gets_a_minimal_diff_and_keeps_every_untouched_terminator()
    {
        // 12,000 lines, mostly CRLF with every seventh line LF; a fix rewrites every other line of the first 10,000
        // (5,000 lines) and, as Roslyn edits do, ends every line with LF. The old table-based diff gave up past
        // 4M cells and replaced the whole middle, turning the LF lines into CRLF.
        const int lines = 12_000;
        string Terminator(int i) => i % 7 == 0 ? "\n" : "\r\n";
        bool Changed(int i) => i < 10_000 && i % 2 == 1;
        var original = new StringBuilder();
        var fixedText = new StringBuilder();
        var expected = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            original.Append($"line {i}").Append(Terminator(i));
            fixedText.Append(Changed(i) ? $"fixed {i}" : $"line {i}").Append('\n');
            expected.Append(Changed(i) ? $"fixed {i}\r\n" : $"line {i}{Terminator(i)}");
        }

        Assert.Equal(expected.ToString(), NewlinePreserver.Apply(original.ToString(), fixedText.ToString()));

        var diff = UnifiedDiff.Render("Big.cs", original.ToString(), expected.ToString()).Split('\n');
        Assert.Equal(5_000, diff.Count(l => l.StartsWith('-') && !l.StartsWith("---")));
        Assert.Equal(5_000, diff.Count(l => l.StartsWith('+') && !l.StartsWith("+++")));
        Assert.Contains("@@ -1,10003 +1,10003 @@", diff);
        Assert.Contains("-line 9999", diff);
        Assert.Contains("+fixed 9999", diff);
    }

    [Fact]
    public void Diffs_of_empty_texts_and_texts_without_a_final_newline()
    {
        Assert.Equal("--- a/A.cs\n+++ b/A.cs\n@@ -0,0 +1,2 @@\n+a\n+b\n\\ No newline at end of file\n", UnifiedDiff.Render("A.cs", "", "a\nb"));
        Assert.Equal("--- a/A.cs\n+++ b/A.cs\n@@ -1 +0,0 @@\n-a\n", UnifiedDiff.Render("A.cs", "a\n", ""));
        Assert.Equal("x\r\n\r\ny\r\n", NewlinePreserver.Apply("x\r\ny\r\n", "x\n\ny\n"));
    }

    [Theory]
    [InlineData("**/Skip/**", "App/Skip/A.cs", false)]
    [InlineData("**/Skip/**", "App/A.cs", true)]
    [InlineData("*.g.cs", "App/Gen/X.g.cs", false)]
    [InlineData("App/*.cs", "App/Sub/X.cs", true)]
    [InlineData("App/*.cs", "App/X.cs", false)]
    [InlineData("Program.cs", "App/Sub/Program.cs", false)]
    [InlineData("./App/Program.cs", "App/Program.cs", false)]
    [InlineData("App/?.cs", "App/X.cs", false)]
    [InlineData("App/?.cs", "App/XY.cs", true)]
    [InlineData("**/*.Designer.cs", "App/Forms/Main.Designer.cs", false)]
    [InlineData("App/**/Legacy*.cs", "App/A/B/LegacyClient.cs", false)]
    [InlineData("App/**/Legacy*.cs", "Other/LegacyClient.cs", true)]
    public void Exclude_globs_match_relative_paths(string glob, string path, bool included)
    {
        var filter = new PathFilter("/repo", [], [glob]);
        Assert.Equal(included, filter.Includes("/repo/" + path));
    }

    [Fact]
    public void A_linked_file_outside_the_solution_folder_is_matched_by_its_relative_path()
    {
        Assert.False(new PathFilter("/repo/src", [], ["**/Shared/**"]).Includes("/repo/Shared/Link.cs"));
        Assert.True(new PathFilter("/repo/src", [], ["**/Other/**"]).Includes("/repo/Shared/Link.cs"));
    }

    [Theory]
    [InlineData("/repo/App/Program.cs", true)]
    [InlineData("/repo/App/Skip/Program.cs", false)]
    [InlineData("/repo/App/App.csproj", false)]
    [InlineData("/repo/Tests/T.cs", false)]
    public void Includes_narrow_and_excludes_win(string path, bool included)
    {
        var filter = new PathFilter("/repo", ["App/**/*.cs", "*.props"], ["**/Skip/**"]);
        Assert.Equal(included, filter.Includes(path));
    }
}
