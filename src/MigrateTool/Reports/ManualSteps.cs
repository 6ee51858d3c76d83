using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.Tool.Wiring;

namespace Saperly.Migration.Tool.Reports;

/// <summary>
/// What code cannot do: create the service key in the portal and provision its secret everywhere the
/// API key is provisioned. Listed when key-management findings exist.
/// </summary>
internal sealed class ManualSteps
{
    private const string ApiKeySecret = SaperlyApi.ApiKeySecret;
    private const string ServiceKeySecret = SaperlyApi.ServiceKeySecret;

    private static readonly string[] TriggeringRules = [RuleIds.KeyManagementWithApiKey, RuleIds.MissingIdempotencyKey];
    private static readonly Regex[] ConfigFiles =
    [
        Glob(@"appsettings[^/]*\.json"),
        Glob(@"launchSettings\.json"),
        Glob(@"\.env[^/]*"),
        new(@"(^|/)\.github/workflows/[^/]+\.ya?ml$", RegexOptions.IgnoreCase),
        Glob(@"azure-pipelines[^/]*\.ya?ml"),
        Glob(@"\.gitlab-ci\.ya?ml"),
        Glob(@"Dockerfile[^/]*"),
        Glob(@"docker-compose[^/]*\.ya?ml"),
        Glob(@"compose[^/]*\.ya?ml"),
    ];

    private ManualSteps(IReadOnlyList<string> steps, IReadOnlyList<string> files, int pendingWiring = 0)
    {
        Steps = steps;
        Files = files;
        PendingWiring = pendingWiring;
    }

    /// <summary>Provisioning lines the tool cannot add itself: the service key is still missing there.</summary>
    public int PendingWiring { get; }

    public IReadOnlyList<string> Steps { get; }

    /// <summary>Configuration files (relative to the repository root) that mention the API key secret.</summary>
    public IReadOnlyList<string> Files { get; }

    public static ManualSteps None { get; } = new([], []);

    public static ManualSteps For(IEnumerable<ReportedFinding> findings, string solutionFolder, WiringPlan wiring)
    {
        if (!findings.Any(f => TriggeringRules.Contains(f.RuleId)) && wiring.Changes.Count == 0 && wiring.Manual.Count == 0)
        {
            return None;
        }

        var root = RepositoryRoot(solutionFolder);
        var wired = wiring.Changes.Select(c => c.Path).Concat(wiring.Manual.Select(m => Path.GetFullPath(Path.Combine(solutionFolder, m.File)))).ToHashSet(StringComparer.Ordinal);
        var scanned = Scan(root).ToList();
        var files = scanned.Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        var steps = new List<string>
        {
            $"Create a service key ({ServiceKeyPrefixes}) in the Saperly portal: service keys are never minted through the API.",
            $"Provision it as the {ServiceKeySecret} secret wherever {ApiKeySecret} is provisioned (each environment, CI, containers), keeping {ApiKeySecret} for runtime calls.",
        };
        steps.AddRange(wiring.Changes.Select(c => $"Give {ServiceKeySecret} its value or secret in {c.RelativePath}: this run adds the entry beside {ApiKeySecret}, empty or referencing a secret named like the API key's."));
        steps.AddRange(wiring.Manual.Select(m => $"Add `{m.LineToAdd.Trim()}` next to line {m.Line} of {m.File} ({m.Why})."));
        steps.AddRange(wiring.UserSecretProjects.Select(p => $"Run `dotnet user-secrets set \"{SaperlyApi.ServiceKeyConfigurationKey}\" \"<your service key>\" --project {p}` where the project's user secrets hold the API key."));
        steps.AddRange(scanned.Where(f => !wired.Contains(f) && !wiring.Files.Contains(Path.GetRelativePath(solutionFolder, f).Replace('\\', '/')))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal)
            .Select(f => $"Add {ServiceKeySecret} next to {ApiKeySecret} in {f}."));
        return new ManualSteps(steps, files, wiring.Manual.Count);
    }

    /// <summary><c>sk_svc_live_…/sk_svc_test_…</c>, from the model's key prefixes.</summary>
    private static string ServiceKeyPrefixes =>
        string.Join("/", SaperlyApi.KeyPrefixes.Where(p => p.Tier == CredentialTier.ServiceKey).Select(p => p.Prefix + "…"));

    private static string RepositoryRoot(string folder) => DeploymentWiring.RepositoryRoot(folder);

    private static IEnumerable<string> Scan(string root) =>
        DeploymentWiring.Walk(root, _ => false)
            .Where(file => ConfigFiles.Any(r => r.IsMatch(Path.GetRelativePath(root, file).Replace('\\', '/'))) && Mentions(file, ApiKeySecret));

    private static bool Mentions(string file, string text)
    {
        try
        {
            return new FileInfo(file).Length < 1_000_000 && File.ReadAllText(file).Contains(text, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static Regex Glob(string fileName) => new($"(^|/){fileName}$", RegexOptions.IgnoreCase);
}
