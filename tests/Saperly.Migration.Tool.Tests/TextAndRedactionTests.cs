using System.IO;
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

    [Theory]
    [InlineData("**/Skip/**", "App/Skip/A.cs", false)]
    [InlineData("**/Skip/**", "App/A.cs", true)]
    [InlineData("*.g.cs", "App/Gen/X.g.cs", false)]
    [InlineData("App/*.cs", "App/Sub/X.cs", true)]
    public void Exclude_globs_match_relative_paths(string glob, string path, bool included)
    {
        var filter = new PathFilter("/repo", [], [glob]);
        Assert.Equal(included, filter.Includes("/repo/" + path));
    }
}
