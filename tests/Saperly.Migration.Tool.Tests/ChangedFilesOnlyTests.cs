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
/// Issue 7: the compile gate compiles only the changed files, before and after, when the edits cannot change
/// how any other file binds (only member bodies changed, or members were appended to an enum no other file
/// names). What counts as such an edit, and that the gate takes that path, still withholds a change that
/// breaks, and falls back to whole projects otherwise. Every in-process run also checks each such verdict,
/// and each analysis of the files within the rules' reach, against the whole project's (see <see cref="ToolRun"/>).
/// </summary>
public sealed class ChangedFilesOnlyTests
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
    [InlineData("interface I { void M() { } }", "interface I { void M(); }")]
    [InlineData("class C { int P { get; } }", "class C { int P { get => 1; } }")]
    [InlineData("struct S { int a; }", "struct S { int a = 1; }")]
    [InlineData("struct S(int x) { public override string ToString() => \"h\"; }", "struct S(int x) { public override string ToString() => x.ToString(); }")]
    [InlineData("partial class C { partial void M(); }", "partial class C { partial void M() { } }")]
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
    public async Task A_fix_inside_a_method_body_is_gated_by_compiling_the_changed_file_alone()
    {
        // SAP003 rewrites the call inside MintAsync's body (and SAP001 its credential): no declaration changes,
        // so the gate compiles Keys.cs before and after, and ToolRun checks that against the whole project.
        using var solution = Fixtures.App(("App/Keys.cs", RealRulesTests.HttpKeyCall), ("App/Other.cs", "namespace App;\n\npublic static class Other\n{\n    public static int Twice(int x) => x * 2;\n}\n"));

        var run = await ToolRun.WithRealRulesAsync(solution.Root, "--apply", "--verbosity", "detailed");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Idempotency-Key", solution.Read("App/Keys.cs"));
        Assert.Contains("1 changed file(s) compiled on their own, 0 project state(s) compiled whole", run.Output);
    }

    [Fact]
    public async Task A_fix_that_breaks_a_body_is_withheld_by_the_gate_that_compiles_the_changed_file_alone()
    {
        // The test fixer for TST908 writes a call to a method that does not exist into a body: the gate
        // compiles the changed file alone, and its new error withholds the change.
        using var solution = Fixtures.App(("App/Breaks.cs", "namespace App;\n\npublic class BreaksBody\n{\n    public void Run()\n    {\n    }\n}\n"));
        var before = solution.Read("App/Breaks.cs");

        var run = await ToolRun.RunAsync(new ToolServices { Rules = TestRules.TestCatalog.Create }, CancellationToken.None, solution.Root, "--apply", "--verbosity", "detailed");

        Assert.Equal(before, solution.Read("App/Breaks.cs"));
        Assert.Contains("would add CS0103", run.All);
        Assert.Contains("1 changed file(s) compiled on their own, 0 project state(s) compiled whole", run.Output);
    }

    [Fact]
    public async Task Where_warnings_are_errors_a_switch_an_appended_enum_member_leaves_non_exhaustive_withholds_the_fix()
    {
        // The SAP004 fix appends LegacyFull; Describe.cs never names it but switches over every member (unnamed
        // values aside, CS8524, which the project silences), so the fix makes its switch non-exhaustive (CS8509),
        // an error under TreatWarningsAsErrors, in a file the fix did not touch. Such a project is compiled
        // whole, and the change is withheld.
        const string project = """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);CS8524</NoWarn>
              </PropertyGroup>
            </Project>
            """;
        const string describe = "namespace App;\n\npublic static class Describe\n{\n    public static int Of(KeyPermission p) => p switch\n    {\n        KeyPermission.Full => 0,\n        KeyPermission.CallOnly => 1,\n        KeyPermission.SmsOnly => 2,\n        KeyPermission.ReadOnly => 3,\n    };\n}\n";
        using var solution = new TempSolution()
            .Write("App/App.csproj", project)
            .Write("App/Perm.cs", Fixtures.PermissionEnum)
            .Write("App/Describe.cs", describe)
            .WriteSlnx("App.slnx", "App/App.csproj")
            .Restore("App/App.csproj");
        var before = solution.Read("App/Perm.cs");

        var run = await ToolRun.RunAsync(new ToolServices { Rules = TestRules.TestCatalog.Create }, CancellationToken.None, solution.Root, "--apply", "--verbosity", "detailed");

        Assert.Equal(before, solution.Read("App/Perm.cs"));
        Assert.Contains("would add CS8509", run.All);
        Assert.Contains("0 changed file(s) compiled on their own, 1 project state(s) compiled whole", run.Output);
    }

    [Fact]
    public async Task A_project_where_another_file_names_an_appended_enum_member_is_compiled_whole()
    {
        // The SAP004 fix appends LegacyFull to KeyPermission; Legacy.cs already names it, so its error (CS0117)
        // goes away with the fix: an edit that changes another file's errors, so the gate compiles the whole
        // project (the check against the whole project would throw otherwise); without the name it does not.
        const string names = "namespace App;\n\npublic static class Legacy\n{\n    public static KeyPermission Old => KeyPermission.LegacyFull;\n}\n";
        const string quiet = "namespace App;\n\npublic static class Legacy\n{\n    public static KeyPermission Old => KeyPermission.Full;\n}\n";
        var verdicts = new List<string>();
        foreach (var legacy in new[] { names, quiet })
        {
            using var solution = Fixtures.App(("App/Perm.cs", Fixtures.PermissionEnum), ("App/Legacy.cs", legacy));

            var run = await ToolRun.RunAsync(new ToolServices { Rules = TestRules.TestCatalog.Create }, CancellationToken.None, solution.Root, "--apply", "--verbosity", "detailed");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("LegacyFull", solution.Read("App/Perm.cs"));
            verdicts.Add(Regex.Match(run.Output, @"\d+ changed file\(s\) compiled on their own, \d+ project state\(s\) compiled whole").Value);
        }

        Assert.Equal(["0 changed file(s) compiled on their own, 1 project state(s) compiled whole", "1 changed file(s) compiled on their own, 0 project state(s) compiled whole"], verdicts);
    }
}
