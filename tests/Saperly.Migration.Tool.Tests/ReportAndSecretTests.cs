using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>Issue 4 reports (JSON, SARIF 2.1.0, Markdown) with manual steps; issue 8: no full key in any output.</summary>
public sealed class ReportAndSecretTests
{
    private const string Source = $$"""
        namespace App;

        public enum KeyPermission
        {
            Full,
            ReadOnly // was {{Fixtures.LiveKey}} in the old sample
        }

        public static class Keys
        {
            public const string Live = "{{Fixtures.LiveKey}}";
        }

        """;

    private const string Exploding = $$"""
        namespace App;

        public class Explodes
        {
            private readonly string _key = "{{Fixtures.ServiceKey}}";
        }

        """;

    [Fact]
    public async Task Json_sarif_and_markdown_reports_carry_findings_changes_and_manual_steps_with_every_key_redacted()
    {
        using var solution = Fixtures.App(("App/Perm.cs", Source), ("App/Explodes.cs", Exploding));
        solution
            .Write("App/appsettings.json", "{ \"Saperly\": { \"ApiKey\": \"${SAPERLY_API_KEY}\" } }\n")
            .Write("App/appsettings.Development.json", "{ }\n")
            .Write("App/Properties/launchSettings.json", "{ \"profiles\": { \"App\": { \"environmentVariables\": { \"SAPERLY_API_KEY\": \"x\" } } } }\n")
            .Write(".env.local", "SAPERLY_API_KEY=xyz\n")
            .Write(".github/workflows/ci.yml", "env:\n  SAPERLY_API_KEY: ${{ secrets.SAPERLY_API_KEY }}\n")
            .Write("Dockerfile", "ENV SAPERLY_API_KEY=\"\"\n")
            .Write("docker-compose.override.yml", "services:\n  app:\n    environment:\n      - SAPERLY_API_KEY\n")
            .Write("README.md", "Set SAPERLY_API_KEY.\n");
        var expectedFiles = new[] { ".env.local", ".github/workflows/ci.yml", "App/Properties/launchSettings.json", "App/appsettings.json", "Dockerfile", "docker-compose.override.yml" };

        var outputs = new System.Collections.Generic.List<string>();
        foreach (var extension in new[] { "json", "sarif", "md" })
        {
            var run = await ToolRun.WithTestRulesAsync(solution.Root, "--report", solution.PathOf($"out/report.{extension}"));
            Assert.True(run.ExitCode == 3, run.ToString());
            outputs.Add(run.All);
            outputs.Add(File.ReadAllText(solution.PathOf($"out/report.{extension}")));
        }

        // The diff shows the line holding the key as context, the finding's message quotes it, the analyzer's exception names the service key.
        Assert.Contains("+    LegacyFull", outputs[0]);
        Assert.Contains("-    ReadOnly // was sk_live_… in the old sample", outputs[0]);
        Assert.Contains("sk_svc_test_…", outputs[0]);
        Assert.Contains("SAP001 App/Perm.cs(11,", outputs[0]);
        foreach (var output in outputs)
        {
            Assert.DoesNotContain("4eC39HqLyjWDarjtT1zdp7dc", output);
            Assert.DoesNotContain("9xQ2mB7rTz4LkP1vNc8sWd3h", output);
        }

        AssertJson(outputs[1], expectedFiles);
        AssertSarif(outputs[3]);
        AssertMarkdown(outputs[5], expectedFiles);
    }

    private static void AssertJson(string text, string[] expectedFiles)
    {
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        var findings = root.GetProperty("findings").EnumerateArray().ToArray();
        var permission = Assert.Single(findings, f => f.GetProperty("rule").GetString() == "SAP004");
        Assert.Equal("App/Perm.cs", permission.GetProperty("file").GetString());
        Assert.Equal(3, permission.GetProperty("line").GetInt32());
        Assert.True(permission.GetProperty("fixed").GetBoolean());
        Assert.Contains("KeyPermission", permission.GetProperty("message").GetString());
        var literal = Assert.Single(findings, f => f.GetProperty("rule").GetString() == "SAP001");
        Assert.False(literal.GetProperty("fixed").GetBoolean());
        Assert.StartsWith("authenticate this /v1/keys call with the service key", literal.GetProperty("whatToDo").GetString());
        Assert.Equal("https://example.invalid/SAP001", literal.GetProperty("help").GetString());
        Assert.Equal(11, literal.GetProperty("line").GetInt32());

        // The code change, and the deployment wiring of the project that manages keys (issue 24): each file that
        // provisions SAPERLY_API_KEY in a form the tool edits gets SAPERLY_SERVICE_KEY beside it.
        var changed = root.GetProperty("changedFiles").EnumerateArray().Select(c => c.GetProperty("file").GetString()).ToArray();
        Assert.Equal(new[] { "App/Perm.cs", ".env.local", ".github/workflows/ci.yml", "docker-compose.override.yml" }, changed);
        Assert.Equal(2, root.GetProperty("summary").GetProperty("findings").GetInt32());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("fixed").GetInt32());
        Assert.Contains(root.GetProperty("problems").EnumerateArray(), p => p.GetProperty("kind").GetString() == "analyzer");

        var manual = root.GetProperty("manualSteps");
        Assert.Equal(expectedFiles, manual.GetProperty("filesMentioningApiKey").EnumerateArray().Select(f => f.GetString()).ToArray());
        Assert.Contains(manual.GetProperty("steps").EnumerateArray(), s => s.GetString()!.Contains("portal"));
        Assert.Contains(manual.GetProperty("steps").EnumerateArray(), s => s.GetString()!.Contains("SAPERLY_SERVICE_KEY"));
    }

    /// <summary>The structure SARIF 2.1.0 requires, and what code scanning reads.</summary>
    private static void AssertSarif(string text)
    {
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif-2.1.0", root.GetProperty("$schema").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("saperly-migrate", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToArray();
        Assert.Contains("SAP004", rules);
        Assert.All(driver.GetProperty("rules").EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.GetProperty("shortDescription").GetProperty("text").GetString())));
        var results = run.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(2, results.Length);
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString();
            Assert.Equal(ruleId, rules[result.GetProperty("ruleIndex").GetInt32()]);
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "none", "note", "warning", "error" });
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            var location = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            Assert.Equal("App/Perm.cs", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal("SRCROOT", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
        }

        Assert.StartsWith("file:///", run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString());
    }

    private static void AssertMarkdown(string text, string[] expectedFiles)
    {
        Assert.StartsWith("# Saperly migration report", text);
        Assert.Contains("| SAP004 | App | 1 | 1 | 0 |", text);
        Assert.Contains("| SAP001 | App | 1 | 0 | 1 |", text);
        Assert.Contains("## Not fixed automatically", text);
        Assert.Contains("keep the API key for everything else ([SAP001](https://example.invalid/SAP001))", text);
        Assert.Contains("## Manual steps", text);
        Assert.Contains("Add SAPERLY_SERVICE_KEY next to SAPERLY_API_KEY in Dockerfile.", text);
        Assert.Contains("Add `\"ServiceKey\": \"\"` next to line 1 of App/appsettings.json (the property does not have a line of its own).", text);
        Assert.Contains("Add `\"SAPERLY_SERVICE_KEY\": \"\"` next to line 1 of App/Properties/launchSettings.json", text);
        Assert.All(expectedFiles, f => Assert.Contains(f, text));
    }
}
