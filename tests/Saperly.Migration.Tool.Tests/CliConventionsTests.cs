using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Cli;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>Issue 22 item 4: the command line behaves as the ecosystem's tools do (verbosity, compiler-format findings, SARIF, colour).</summary>
public sealed class CliConventionsTests
{
    /// <summary>The msbuild/csc problem matcher's expression, as CI systems and IDE terminals use it.</summary>
    private static readonly Regex ProblemMatcher = new(@"^(.*)\((\d+),(\d+)\): (warning|error) (\w+): (.*)$");

    private const string Source = $$"""
        namespace App;

        public enum KeyPermission
        {
            Full,
            ReadOnly
        }

        public static class Keys
        {
            public const string Live = "{{Fixtures.LiveKey}}";
        }

        """;

    [Fact]
    public async Task Check_prints_each_finding_in_the_compilers_format_with_what_apply_would_fix_and_no_key()
    {
        using var solution = Fixtures.App(("App/Perm.cs", Source));

        var run = await ToolRun.WithTestRulesAsync(solution.Root, "--check", "--no-progress");

        Assert.True(run.ExitCode == 1, run.ToString());
        var lines = run.Output.Split('\n').Where(l => ProblemMatcher.IsMatch(l)).ToList();
        Assert.Equal(2, lines.Count);
        var fixable = Assert.Single(lines, l => l.EndsWith(" [fixable]"));
        var manual = Assert.Single(lines, l => l.EndsWith(" [manual]"));
        var permission = ProblemMatcher.Match(fixable);
        Assert.Equal(solution.PathOf("App/Perm.cs"), permission.Groups[1].Value);
        Assert.Equal(("3", "warning", "SAP004"), (permission.Groups[2].Value, permission.Groups[4].Value, permission.Groups[5].Value));
        Assert.Contains("KeyPermission", permission.Groups[6].Value);
        Assert.Equal("SAP001", ProblemMatcher.Match(manual).Groups[5].Value);
        Assert.Contains("sk_live_…", manual);
        Assert.DoesNotContain("4eC39HqLyjWDarjtT1zdp7dc", run.All);

        // Nothing else a problem matcher would take for a finding: the "Not fixed automatically" list does not match.
        Assert.Equal(2, run.All.Split('\n').Count(l => ProblemMatcher.IsMatch(l)));
    }

    [Fact]
    public async Task Sarif_after_apply_leaves_out_the_findings_the_run_fixed()
    {
        using var solution = Fixtures.App(("App/Perm.cs", Source));

        var preview = await ToolRun.WithTestRulesAsync(solution.Root, "--report", solution.PathOf("preview.sarif"));
        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.Equal(["SAP001", "SAP004"], Results(solution.Read("preview.sarif")).Order());

        var apply = await ToolRun.WithTestRulesAsync(solution.Root, "--apply", "--report", solution.PathOf("apply.sarif"));
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var sarif = solution.Read("apply.sarif");
        Assert.Equal(["SAP001"], Results(sarif));
        var properties = JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("properties");
        Assert.Equal(1, properties.GetProperty("fixedFindings").GetInt32());
        Assert.Equal("apply", properties.GetProperty("mode").GetString());

        static string[] Results(string sarif) =>
            [.. JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()!)];
    }

    [Fact]
    public async Task Verbosity_levels_and_their_abbreviations_as_dotnet_accepts_them()
    {
        using var solution = Fixtures.App(("App/Perm.cs", Fixtures.PermissionEnum));

        var quiet = await ToolRun.WithTestRulesAsync(solution.Root, "-v", "q");
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.Single(quiet.Output.Trim().Split('\n'));

        var minimal = await ToolRun.WithTestRulesAsync(solution.Root, "-v", "m");
        Assert.Contains("--- a/App/Perm.cs", minimal.Output);
        Assert.Matches(@"SAP004\s+App\s+1\s+1\s+0", minimal.Output);
        Assert.DoesNotContain("[load]", minimal.Output);

        var normal = await ToolRun.WithTestRulesAsync(solution.Root, "--verbosity", "n");
        Assert.Contains("[load]", normal.Output);
        Assert.DoesNotContain("timings:", normal.Output);

        var detailed = await ToolRun.WithTestRulesAsync(solution.Root, "--verbosity", "Detailed");
        Assert.Contains("timings: load", detailed.Output);
        Assert.DoesNotContain("analyzers:", detailed.Output);

        var diagnostic = await ToolRun.WithTestRulesAsync(solution.Root, "-v", "diag");
        Assert.True(diagnostic.ExitCode == 0, diagnostic.ToString());
        Assert.Contains("timings: load", diagnostic.Output);
        Assert.Contains($"input: {solution.PathOf("App.slnx")}", diagnostic.Output);
        Assert.Matches("analyzers: .+", diagnostic.Output);
    }

    [Fact]
    public async Task The_summary_is_a_plain_table_in_logs_and_the_diff_is_coloured_only_when_asked()
    {
        using var solution = Fixtures.App(("App/Perm.cs", Fixtures.PermissionEnum));

        var plain = await ToolRun.WithTestRulesAsync(solution.Root, "-v", "m");
        Assert.DoesNotContain('\u001b', plain.All);
        var lines = plain.Output.Split('\n');
        var header = Assert.Single(lines, l => l.StartsWith("Rule"));
        Assert.Matches(@"^Rule\s+Project\s+Findings\s+Fixed\s+Not fixable automatically$", header);
        Assert.Matches("^-+$", lines[System.Array.IndexOf(lines, header) + 1]);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^total\s+1\s+1\s+0$"));
        Assert.DoesNotContain(lines, l => l.Length > 0 && l.TrimEnd() != l);

        var coloured = await ToolRun.RunAsync(new ToolServices { Rules = TestRules.TestCatalog.Create, Color = true }, CancellationToken.None, solution.Root, "-v", "m");
        Assert.True(coloured.ExitCode == 0, coloured.ToString());
        Assert.Contains("\u001b[31m-    ReadOnly\u001b[0m\n", coloured.Output);
        Assert.Contains("\u001b[32m+    LegacyFull\u001b[0m\n", coloured.Output);
        Assert.Contains("─", coloured.Output);
        Assert.Matches(@"SAP004\s+App\s+1\s+1\s+0", Regex.Replace(coloured.Output, "\u001b\\[[0-9;]*m", string.Empty));
    }

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(false, "", true)]
    [InlineData(false, "1", false)]
    [InlineData(false, "0", false)]
    [InlineData(true, null, false)]
    public void Colour_only_on_a_terminal_without_NO_COLOR(bool redirected, string? noColor, bool expected) =>
        Assert.Equal(expected, ToolServices.ColorsFor(redirected, noColor));

    [Theory]
    [InlineData("Lost", "keep the response and hand plaintext_key to your secret store; log key_prefix or id")]
    [InlineData("Leaked", "write key_prefix or id instead of plaintext_key, and rotate a key that already reached a log")]
    public void An_unfixed_SAP006_says_what_to_do_not_the_rules_title(string kind, string expected)
    {
        var properties = System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty.Add(PlaintextKeyLostOrLeakedAnalyzer.KindProperty, kind);
        var descriptor = RuleCatalog.LoadDefault().Descriptors[RuleIds.PlaintextKeyLostOrLeaked];
        var diagnostic = Diagnostic.Create(descriptor, Location.None, properties, "The plaintext_key returned by POST /v1/keys is discarded");

        Assert.Equal(expected, RuleActions.For(diagnostic));
        Assert.NotEqual(descriptor.Title.ToString(), RuleActions.For(diagnostic));
    }

    [Fact]
    public void Every_shipped_rule_has_an_action_for_its_unfixed_findings()
    {
        foreach (var descriptor in RuleCatalog.LoadDefault().Descriptors.Values)
        {
            Assert.False(string.IsNullOrEmpty(RuleActions.For(Diagnostic.Create(descriptor, Location.None, "x"))), descriptor.Id);
        }
    }
}
