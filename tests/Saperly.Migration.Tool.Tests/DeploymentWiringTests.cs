using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Saperly.Migration.Tool.Tests.Infrastructure;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>
/// Issue 24: in the same run as the code, every file that provisions SAPERLY_API_KEY gets SAPERLY_SERVICE_KEY beside it
/// where the code needs the service key: previewed, applied byte for byte outside the inserted lines, idempotent; what
/// cannot be edited safely is named with the line to add; a repository without key management gets nothing.
/// </summary>
public sealed class DeploymentWiringTests
{
    private const string CallListing = """
        using System;
        using System.Net.Http;
        using System.Net.Http.Headers;
        using System.Threading.Tasks;

        namespace App;

        public static class Calls
        {
            public static async Task<string> ListAsync()
            {
                var http = new HttpClient { BaseAddress = new Uri("https://saperly.com/api/") };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SAPERLY_API_KEY"));
                return await http.GetStringAsync("v1/calls");
            }
        }

        """;

    private static readonly (string Path, string Before, string After)[] Provisioning =
    [
        ("App/appsettings.json",
            "{\n  \"Saperly\": {\n    \"BaseUrl\": \"https://saperly.com/api/\",\n    \"ApiKey\": \"\"\n  }\n}\n",
            "{\n  \"Saperly\": {\n    \"BaseUrl\": \"https://saperly.com/api/\",\n    \"ApiKey\": \"\",\n    \"ServiceKey\": \"\"\n  }\n}\n"),
        (".env.example",
            "SAPERLY_BASE_URL=https://saperly.com/api/\r\nSAPERLY_API_KEY=\r\n",
            "SAPERLY_BASE_URL=https://saperly.com/api/\r\nSAPERLY_API_KEY=\r\nSAPERLY_SERVICE_KEY=\r\n"),
        ("docker-compose.yml",
            "services:\n  app:\n    environment:\n      # the key comes from the host\n      SAPERLY_API_KEY: ${SAPERLY_API_KEY}\n",
            "services:\n  app:\n    environment:\n      # the key comes from the host\n      SAPERLY_API_KEY: ${SAPERLY_API_KEY}\n      SAPERLY_SERVICE_KEY: ${SAPERLY_SERVICE_KEY}\n"),
        ("deploy/deployment.yaml",
            "spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          env:\n            - name: SAPERLY_API_KEY\n              valueFrom:\n                secretKeyRef: { name: saperly, key: api-key }\n",
            "spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          env:\n            - name: SAPERLY_API_KEY\n              valueFrom:\n                secretKeyRef: { name: saperly, key: api-key }\n            - name: SAPERLY_SERVICE_KEY\n              valueFrom:\n                secretKeyRef: { name: saperly, key: service-key }\n"),
        (".github/workflows/deploy.yml",
            "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      SAPERLY_API_KEY: ${{ secrets.SAPERLY_API_KEY }}\n    steps:\n      - run: ./deploy.sh\n",
            "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      SAPERLY_API_KEY: ${{ secrets.SAPERLY_API_KEY }}\n      SAPERLY_SERVICE_KEY: ${{ secrets.SAPERLY_SERVICE_KEY }}\n    steps:\n      - run: ./deploy.sh\n"),
    ];

    /// <summary>A file the tool cannot edit safely: the API key's property shares its line with the object.</summary>
    private const string OneLineSettings = "{ \"Saperly\": { \"ApiKey\": \"\" } }\n";

    private static TempSolution Repository(string code)
    {
        var solution = Fixtures.App(("App/Saperly.cs", code));
        foreach (var (path, before, _) in Provisioning)
        {
            solution.Write(path, before);
        }

        return solution.Write("deploy/appsettings.Production.json", OneLineSettings);
    }

    private static Dictionary<string, string> Texts(TempSolution solution) =>
        Provisioning.Select(p => p.Path).Append("deploy/appsettings.Production.json").ToDictionary(p => p, solution.Read);

    [Fact]
    public async Task Preview_shows_the_wiring_writes_nothing_and_apply_inserts_exactly_the_lines_then_a_rerun_changes_nothing()
    {
        using var solution = Repository(Fixtures.KeyListing);
        var before = Texts(solution);

        var preview = await ToolRun.WithRealRulesAsync(solution.Root, "--no-progress");

        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.Equal(before, Texts(solution));
        Assert.Contains("+      SAPERLY_SERVICE_KEY: ${{ secrets.SAPERLY_SERVICE_KEY }}", preview.Output);
        Assert.Contains("--- a/deploy/deployment.yaml", preview.Output);
        Assert.Contains("Add `\"ServiceKey\": \"\"` next to line 1 of deploy/appsettings.Production.json (the property does not have a line of its own).", preview.Output);

        var check = await ToolRun.WithRealRulesAsync(solution.Root, "--check", "-v", "quiet");
        Assert.True(check.ExitCode == 1, check.ToString());

        var report = Path.Combine(solution.Root, "report.json");
        var apply = await ToolRun.WithRealRulesAsync(solution.Root, "--apply", "--no-progress", "--report", report);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        foreach (var (path, _, after) in Provisioning)
        {
            Assert.Equal(after, solution.Read(path));
        }

        Assert.Equal(OneLineSettings, solution.Read("deploy/appsettings.Production.json"));
        Assert.Contains("SAPERLY_SERVICE_KEY", solution.Read("App/Saperly.cs"));
        using (var json = JsonDocument.Parse(File.ReadAllText(report)))
        {
            var changed = json.RootElement.GetProperty("changedFiles").EnumerateArray().Select(c => (c.GetProperty("file").GetString(), c.GetProperty("status").GetString())).ToList();
            foreach (var (path, _, _) in Provisioning)
            {
                Assert.Contains((path, "Written"), changed);
            }
        }

        var wired = Texts(solution);
        var rerun = await ToolRun.WithRealRulesAsync(solution.Root, "--apply", "--no-progress");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(wired, Texts(solution));
        Assert.DoesNotContain("--- a/", rerun.Output);

        // The one-line file still needs its line: the gate keeps saying so until someone adds it.
        Assert.Equal(1, (await ToolRun.WithRealRulesAsync(solution.Root, "--check", "-v", "quiet")).ExitCode);
        solution.Write("deploy/appsettings.Production.json", "{ \"Saperly\": { \"ApiKey\": \"\", \"ServiceKey\": \"\" } }\n");
        var clean = await ToolRun.WithRealRulesAsync(solution.Root, "--check");
        Assert.True(clean.ExitCode == 0, clean.ToString());
    }

    [Fact]
    public async Task A_repository_whose_code_never_manages_keys_gets_no_wiring()
    {
        using var solution = Repository(CallListing);
        var before = Texts(solution);

        var apply = await ToolRun.WithRealRulesAsync(solution.Root, "--apply", "--no-progress");

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Equal(before, Texts(solution));
        Assert.DoesNotContain("SAPERLY_SERVICE_KEY", apply.Output);
        Assert.Equal(0, (await ToolRun.WithRealRulesAsync(solution.Root, "--check", "-v", "quiet")).ExitCode);
    }

    [Fact]
    public async Task A_key_written_in_a_provisioning_file_is_a_redacted_finding_in_every_report()
    {
        using var solution = Repository(Fixtures.KeyListing);
        solution.Write(".env", "SAPERLY_API_KEY=" + Fixtures.LiveKey + "\n");
        var sarif = Path.Combine(solution.Root, "report.sarif");

        var preview = await ToolRun.WithRealRulesAsync(solution.Root, "--no-progress", "--report", sarif);

        Assert.Contains("SAP007 .env(1,17): A sk_live_… key is written in .env; move it to a secret", preview.Output);
        Assert.DoesNotContain(Fixtures.LiveKey[8..], preview.Output + File.ReadAllText(sarif));
        Assert.Contains("\"uri\": \".env\"", File.ReadAllText(sarif));
    }
}
