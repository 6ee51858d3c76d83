using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>
/// The tool with the real Saperly analyzers and fixes, as Program wires them in. These depend on
/// src/Analyzers and src/CodeFixes; the other tests use test-only rules and do not.
/// </summary>
public sealed class RealRulesTests
{
    internal const string HttpKeyCall = """
        using System;
        using System.Net.Http;
        using System.Net.Http.Headers;
        using System.Threading.Tasks;

        namespace App;

        public static class Keys
        {
            public static async Task MintAsync(HttpContent content)
            {
                var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                await http.PostAsync("v1/keys", content);
            }
        }

        """;

    [Fact]
    public void The_real_rules_are_found_by_reflection_each_with_a_fixer()
    {
        var catalog = RuleCatalog.LoadDefault();

        Assert.Empty(catalog.Problems);
        foreach (var id in new[] { "SAP001", "SAP002", "SAP003", "SAP004" })
        {
            Assert.True(catalog.Descriptors.ContainsKey(id), id);
            Assert.NotNull(catalog.FixerFor(id));
        }
    }

    [Fact]
    public async Task The_load_time_warmup_program_compiles_and_exercises_the_rules_it_is_meant_to_warm()
    {
        // The warm-up saves time only if its program binds cleanly and walks the same paths as real code:
        // call recognition, credentials, Idempotency-Key, permission models.
        var catalog = RuleCatalog.LoadDefault();

        var (project, diagnostics) = await Warmup.AnalyzeProjectAsync(catalog.Analyzers, default);

        Assert.DoesNotContain(diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        var ids = diagnostics.Select(d => d.Id).ToHashSet();
        foreach (var id in new[] { "SAP001", "SAP003", "SAP004" })
        {
            Assert.Contains(id, ids);
        }

        // A run that fixes also warms the fixes: each of those rules' first finding gets a computed fix.
        var fixedIds = await Warmup.FixAsync(project!, diagnostics, catalog.Fixers, default);
        Assert.Superset(new HashSet<string> { "SAP001", "SAP003", "SAP004" }, fixedIds.ToHashSet());
    }

    [Fact]
    public async Task The_real_analyzers_report_a_key_call_with_the_api_key_and_no_idempotency_key()
    {
        using var solution = Fixtures.App(("App/Keys.cs", HttpKeyCall));

        var run = await ToolRun.WithRealRulesAsync(solution.Root, "--check");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches(@"SAP001\s+App\s+1", run.Output);
        Assert.Matches(@"SAP003\s+App\s+1", run.Output);
    }

    [Fact]
    public async Task The_real_fix_adds_legacy_full_and_the_project_still_builds()
    {
        using var solution = Fixtures.App(("App/Perm.cs", Fixtures.PermissionEnum));

        var run = await ToolRun.WithRealRulesAsync(solution.Root, "--apply");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("LegacyFull", solution.Read("App/Perm.cs"));
        Assert.Equal(0, (await ToolRun.WithRealRulesAsync(solution.Root, "--check")).ExitCode);
    }

    [Fact]
    public async Task The_migrated_sample_builds_with_zero_errors_and_no_remaining_findings()
    {
        using var solution = new TempSolution();
        var samples = Path.Combine(Repository.Root, "samples");
        Repository.CopyFolder(Path.Combine(samples, "AgentFleet"), solution.PathOf("AgentFleet"));
        File.Copy(Path.Combine(samples, "Directory.Build.props"), solution.PathOf("Directory.Build.props"), overwrite: true);
        File.Copy(Path.Combine(samples, "Directory.Packages.props"), solution.PathOf("Directory.Packages.props"), overwrite: true);
        var sln = solution.PathOf("AgentFleet/AgentFleet.sln");
        solution.Restore("AgentFleet/AgentFleet.sln");

        // --check does not run the fixes: what it calls fixable must be what --apply then fixes.
        var before = await ToolRun.WithRealRulesAsync(sln, "--check");
        Assert.True(before.ExitCode == 1, before.ToString());
        var offered = Regex.Match(before.Output, @"(\d+) finding\(s\), (\d+) fixable by --apply, (\d+) not fixable automatically");
        Assert.True(offered.Success, before.ToString());

        var apply = await ToolRun.WithRealRulesAsync(sln, "--apply", "--report", solution.PathOf("report.json"));
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("SAP001", apply.Output);
        Assert.Matches($@"{offered.Groups[1].Value} finding\(s\), {offered.Groups[2].Value} fixed, {offered.Groups[3].Value} not fixable automatically", apply.Output);

        var build = solution.Run("dotnet", $"build \"{sln}\" --no-restore -nologo");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains(" 0 Error(s)", build.Output);

        var check = await ToolRun.WithRealRulesAsync(sln, "--check", "--diagnostics", "SAP001,SAP002,SAP003,SAP004");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("No findings.", check.Output);
    }
}
