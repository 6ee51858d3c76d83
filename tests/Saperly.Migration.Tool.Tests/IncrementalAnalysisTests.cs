using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Cli;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>
/// Issue 7: after a fix, a project is analyzed from its earlier analysis when the edits cannot change how its
/// other files bind (only member bodies changed, or members were appended to an enum no other file names).
/// What counts as such an edit, and that the tool takes the path and still finds what a full analysis finds
/// (every in-process run checks each such analysis against a full one, see <see cref="ToolRun"/>).
/// </summary>
public sealed class IncrementalAnalysisTests
{
    private static bool BodiesOnly(string before, string after, out HashSet<string> appended)
    {
        appended = [];
        return CompilationDelta.BodiesOnly(CSharpSyntaxTree.ParseText(before, path: "A.cs"), CSharpSyntaxTree.ParseText(after, path: "A.cs"), appended, CancellationToken.None);
    }

    [Theory]
    [InlineData("class C { int M() { return 1; } }", "class C { int M() { var x = 2; return x; } }")]
    [InlineData("class C { int M() => 1; }", "class C { int M()\n{\n    var x = 1;\n    return x;\n} }")]
    [InlineData("class C { int P { get { return 1; } } }", "class C { int P { get => 2; } }")]
    [InlineData("class C { C() { } }", "class C { C() { System.Console.WriteLine(); } }")]
    [InlineData("class C { static readonly string S = \"a\"; }", "class C { static readonly string S = \"a\" + \"b\"; }")]
    [InlineData("class C { int M() => 1; }", "// a comment\nclass C { int M() => 1 ; }")]
    public void Edits_inside_member_bodies_are_bodies_only(string before, string after) =>
        Assert.True(BodiesOnly(before, after, out _));

    [Theory]
    [InlineData("class C { void M(int a) { } }", "class C { void M(long a) { } }")]
    [InlineData("class C { }", "using System;\nclass C { }")]
    [InlineData("class C { const string S = \"a\"; }", "class C { const string S = \"b\"; }")]
    [InlineData("class C { }", "class C { int x; }")]
    [InlineData("class C { int P => 1; }", "class C { int P { get { return 1; } } }")]
    [InlineData("System.Console.WriteLine(1);", "System.Console.WriteLine(2);")]
    [InlineData("class C { int P { get => field; } }", "class C { int P { get => field + 1; } }")]
    [InlineData("enum E { A, B }", "enum E { A, X, B }")]
    [InlineData("enum E { A = 1, B }", "enum E { A = 2, B, C }")]
    [InlineData("[System.Obsolete(\"a\")] class C { }", "[System.Obsolete(\"b\")] class C { }")]
    public void Edits_that_can_change_another_files_binding_are_not(string before, string after) =>
        Assert.False(BodiesOnly(before, after, out _));

    [Fact]
    public void Members_appended_to_an_enum_are_bodies_only_and_named()
    {
        Assert.True(BodiesOnly("public enum Tier { Full, CallOnly }\nclass C { }", "public enum Tier { Full, CallOnly, /** <summary>x</summary> */ LegacyFull, }\nclass C { }", out var appended));
        Assert.Equal(["LegacyFull"], appended);
    }

    [Fact]
    public void A_dependent_project_sees_the_delta_of_the_project_it_references()
    {
        var references = new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) };
        CSharpCompilation Library(string source) =>
            CSharpCompilation.Create("Lib", [CSharpSyntaxTree.ParseText(source, path: "Lib.cs")], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var app = CSharpSyntaxTree.ParseText("class App { int M() => Lib.Twice(2); }", path: "App.cs");
        CSharpCompilation App(Compilation library) =>
            CSharpCompilation.Create("App", [app], [.. references, library.ToMetadataReference()], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var before = Library("public enum Tier { Full }\npublic static class Lib { public static int Twice(int x) => x * 2; }");
        var body = Library("public enum Tier { Full, LegacyFull }\npublic static class Lib { public static int Twice(int x) { return x + x; } }");
        var signature = Library("public enum Tier { Full }\npublic static class Lib { public static long Twice(int x) => x * 2; }");

        var delta = CompilationDelta.Between(App(before), App(body), CancellationToken.None);
        Assert.NotNull(delta);
        Assert.Empty(delta.Changed);
        Assert.Equal(["LegacyFull"], delta.AddedNames);
        Assert.Null(CompilationDelta.Between(App(before), App(signature), CancellationToken.None));
    }

    [Fact]
    public async Task A_fix_inside_a_method_body_is_analyzed_from_the_earlier_analysis_and_matches_a_full_one()
    {
        // SAP003 rewrites the call inside MintAsync's body (and SAP001 its credential): no declaration changes,
        // so the second state of App is analyzed incrementally, and ToolRun checks it against a full analysis.
        using var solution = Fixtures.App(("App/Keys.cs", RealRulesTests.HttpKeyCall), ("App/Other.cs", "namespace App;\n\npublic static class Other\n{\n    public static int Twice(int x) => x * 2;\n}\n"));

        var run = await ToolRun.WithRealRulesAsync(solution.Root, "--apply", "--verbosity", "detailed");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Idempotency-Key", solution.Read("App/Keys.cs"));
        var counts = Regex.Match(run.Output, @"(\d+) project state\(s\) analyzed, (\d+) of them from an earlier analysis");
        Assert.True(counts.Success, run.Output);
        Assert.True(int.Parse(counts.Groups[2].Value) >= 1, run.Output);
    }

    [Fact]
    public async Task A_fix_that_breaks_a_body_is_still_withheld_by_the_gate_when_analyzed_incrementally()
    {
        // The test fixer for TST908 writes a call to a method that does not exist into a body: the state is
        // analyzed incrementally (test rules may report anywhere), the changed file is compiled again and its
        // new error withholds the change.
        using var solution = Fixtures.App(("App/Breaks.cs", "namespace App;\n\npublic class BreaksBody\n{\n    public void Run()\n    {\n    }\n}\n"));
        var before = solution.Read("App/Breaks.cs");

        var run = await ToolRun.RunAsync(new ToolServices { Rules = TestRules.TestCatalog.Create }, CancellationToken.None, solution.Root, "--apply", "--verbosity", "detailed");

        Assert.Equal(before, solution.Read("App/Breaks.cs"));
        Assert.Contains("would add CS0103", run.All);
        Assert.Matches(@"[1-9]\d* of them from an earlier analysis", run.Output);
    }

    [Fact]
    public async Task A_project_where_another_file_names_an_appended_enum_member_is_analyzed_in_full()
    {
        // The SAP004 fix appends LegacyFull to KeyPermission; Legacy.cs already names it, so its error (CS0117)
        // goes away with the fix. Keeping that file's errors from the earlier analysis would be wrong (the check
        // against a full analysis would throw), so the project is analyzed in full; without the name it is not.
        const string names = "namespace App;\n\npublic static class Legacy\n{\n    public static KeyPermission Old => KeyPermission.LegacyFull;\n}\n";
        const string quiet = "namespace App;\n\npublic static class Legacy\n{\n    public static KeyPermission Old => KeyPermission.Full;\n}\n";
        var incremental = new List<int>();
        foreach (var legacy in new[] { names, quiet })
        {
            using var solution = Fixtures.App(("App/Perm.cs", Fixtures.PermissionEnum), ("App/Legacy.cs", legacy));

            var run = await ToolRun.RunAsync(new ToolServices { Rules = TestRules.TestCatalog.Create }, CancellationToken.None, solution.Root, "--apply", "--verbosity", "detailed");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("LegacyFull", solution.Read("App/Perm.cs"));
            incremental.Add(int.Parse(Regex.Match(run.Output, @"(\d+) of them from an earlier analysis").Groups[1].Value));
        }

        Assert.Equal([0, 1], incremental);
    }
}
