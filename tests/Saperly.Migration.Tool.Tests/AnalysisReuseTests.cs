using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Cli;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>
/// Issue 7: every project state is compiled and analyzed once. The first analysis also gives the
/// compile gate its baseline, a project no fix touched is never analyzed again, and the gate and the
/// final re-check read the fix loop's last analysis instead of compiling again.
/// </summary>
public sealed class AnalysisReuseTests
{
    private const string Clean = "namespace Quiet;\n\npublic static class Numbers\n{\n    public static int Twice(int x) => x * 2;\n}\n";

    [Fact]
    public async Task A_project_no_fix_touches_is_analyzed_once_and_the_gate_and_recheck_add_no_analysis()
    {
        using var solution = new TempSolution()
            .Write("App/App.csproj", TempSolution.Net10Project)
            .Write("App/Perm.cs", Fixtures.PermissionEnum)
            .Write("Quiet/Quiet.csproj", TempSolution.Net10Project)
            .Write("Quiet/Numbers.cs", Clean)
            .WriteSln("Two.sln", "App/App.csproj", "Quiet/Quiet.csproj")
            .Restore("Two.sln");
        var analyses = 0;
        var services = new ToolServices { Rules = TestRules.TestCatalog.Create, OnAnalyses = n => analyses = n };

        var run = await ToolRun.RunAsync(services, CancellationToken.None, solution.PathOf("Two.sln"), "--apply");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("LegacyFull", solution.Read("App/Perm.cs"));

        // App and Quiet before the fix, App after it: nothing else.
        Assert.Equal(3, analyses);
    }

    [Fact]
    public async Task A_finding_whose_file_an_earlier_rule_changed_is_fixed_in_the_same_pass_from_its_document_alone()
    {
        // SAP004 runs first and moves the NeedsGate class down a line: TST901's finding is stale, and
        // its document is analyzed again on its own instead of waiting for another whole pass.
        using var solution = Fixtures.App(("App/Both.cs", Fixtures.PermissionEnum + "\npublic class NeedsGate\n{\n}\n"));
        var analyses = 0;
        var services = new ToolServices { Rules = TestRules.TestCatalog.Create, OnAnalyses = n => analyses = n };

        var run = await ToolRun.RunAsync(services, CancellationToken.None, solution.Root, "--apply", "--verbosity", "detailed");

        Assert.True(run.ExitCode == 0, run.ToString());
        var text = solution.Read("App/Both.cs");
        Assert.Contains("    ReadOnly,\n    LegacyFull\n}", text);
        Assert.Contains("public class NeedsGate\n{\n    private readonly System.Threading.Lock _gate", text);
        Assert.Contains("2 pass(es)", run.Output);

        // Before the fixes, and once after both (the pass that finds nothing left).
        Assert.Equal(2, analyses);
    }

    [Fact]
    public async Task Check_is_one_analysis_with_no_fix_and_says_which_findings_apply_offers_to_fix()
    {
        // SAP004 has a fixer that offers a fix; the test SAP001 rule has none.
        using var solution = Fixtures.App(
            ("App/Perm.cs", Fixtures.PermissionEnum),
            ("App/Key.cs", $"namespace App;\n\npublic static class Key\n{{\n    public const string Value = \"{Fixtures.LiveKey}\";\n}}\n"));
        var before = solution.SnapshotSources();
        var analyses = 0;
        var phases = new List<string>();
        var services = new ToolServices { Rules = TestRules.TestCatalog.Create, OnAnalyses = n => analyses = n, OnPhase = phases.Add };

        var run = await ToolRun.RunAsync(services, CancellationToken.None, solution.Root, "--check");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(1, analyses);
        Assert.Equal(["load", "analyze"], phases);
        Assert.Equal(before, solution.SnapshotSources());
        Assert.DoesNotContain("--- a/", run.Output);
        Assert.Matches(@"SAP004\s+App\s+1\s+1\s+0", run.Output);
        Assert.Matches(@"SAP001\s+App\s+1\s+0\s+1", run.Output);
        Assert.Contains("2 finding(s), 1 fixable by --apply, 1 not fixable automatically; check: migration work remains", run.Output);
    }

    [Fact]
    public async Task A_solution_with_nothing_to_fix_is_analyzed_once_per_project()
    {
        using var solution = new TempSolution()
            .Write("Quiet/Quiet.csproj", TempSolution.Net10Project)
            .Write("Quiet/Numbers.cs", Clean)
            .Write("Other/Other.csproj", TempSolution.Net10Project)
            .Write("Other/More.cs", Clean.Replace("Quiet", "Other"))
            .WriteSln("Quiet.sln", "Quiet/Quiet.csproj", "Other/Other.csproj")
            .Restore("Quiet.sln");
        var analyses = 0;
        var services = new ToolServices { Rules = TestRules.TestCatalog.Create, OnAnalyses = n => analyses = n };

        var run = await ToolRun.RunAsync(services, CancellationToken.None, solution.PathOf("Quiet.sln"), "--check");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, analyses);
    }
}
