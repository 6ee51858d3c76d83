using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.Tool.Loading;
using Saperly.Migration.Tool.Reports;
using Saperly.Migration.Tool.Writing;

namespace Saperly.Migration.Tool.Wiring;

/// <summary>A manual wiring step of a file: the file (relative to the repository), the line, what to add and why.</summary>
internal sealed record WiringStep(string File, int Line, string LineToAdd, string Why);

/// <summary>What the deployment wiring of a repository needs: file changes (with the snapshots their writes check), lines left to the user, keys found.</summary>
internal sealed class WiringPlan
{
    public List<FileChange> Changes { get; } = [];

    public Dictionary<string, FileSnapshot> Snapshots { get; } = new(StringComparer.Ordinal);

    public List<WiringStep> Manual { get; } = [];

    public List<ReportedFinding> Secrets { get; } = [];

    /// <summary>Files (relative) that mention the API key's secret, wired or not.</summary>
    public List<string> Files { get; } = [];

    /// <summary>Projects (relative project files) with user secrets whose code reads the service key from configuration.</summary>
    public List<string> UserSecretProjects { get; } = [];

    public static WiringPlan None { get; } = new();
}

/// <summary>
/// Every file of the repository that provisions SAPERLY_API_KEY (appsettings, launchSettings, .env files, compose files,
/// Kubernetes manifests and Helm charts, GitHub Actions and Azure Pipelines workflows) gets SAPERLY_SERVICE_KEY beside
/// it where the code it serves reads the service key: a minimal insertion in the file's own style (<see cref="ProvisioningEdits"/>),
/// planned like a code change (same diff, same atomic write, encoding and newlines kept). A key literal in any of them is a finding.
/// </summary>
internal static class DeploymentWiring
{
    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", "node_modules", ".vs", ".idea"];

    /// <param name="input">The folder of the migrated solution or project.</param>
    /// <param name="readers">Which code needs the service key, by the provisioning file's path.</param>
    /// <param name="relative">How paths are shown (relative to the input's folder, as code changes are).</param>
    public static WiringPlan Plan(string input, ServiceKeyReaders readers, Func<string, string> relative, string helpUri)
    {
        var plan = new WiringPlan();
        foreach (var path in Scan(RepositoryRoot(input), input).Order(StringComparer.Ordinal))
        {
            var shown = relative(path);
            var snapshot = FileSnapshot.TryRead(path);
            if (snapshot is null || FileEncoding.Detect(snapshot.Bytes, out _) is not { } encoding)
            {
                continue;
            }

            var text = encoding.Decode(snapshot.Bytes);
            if (!ProvisioningEdits.MentionsApiKey(text))
            {
                continue;
            }

            var wire = readers.Serves(path);
            var result = Edit(path, text, wire);
            if (result is null)
            {
                continue;
            }

            if (text.Contains(SaperlyApi.ApiKeySecret, StringComparison.Ordinal) || result.NewText is not null || result.Manual.Count > 0)
            {
                plan.Files.Add(shown);
            }

            plan.Secrets.AddRange(result.Secrets.Select(s => new ReportedFinding(
                RuleIds.HardCodedSecretKey, "warning", $"A {s.RedactedKey} key is written in {shown}; move it to a secret", shown, s.Line, s.Column, "(deployment)", false)
            {
                WhatToDo = "move the key to your secret store and reference it here as the API key's entry does; rotate it: it stays in the repository's history",
                HelpUri = helpUri,
            }));
            plan.Manual.AddRange(result.Manual.Select(m => new WiringStep(shown, m.Line, m.LineToAdd, m.Why)));
            if (result.NewText is { } newText)
            {
                plan.Snapshots[path] = snapshot;
                var change = new FileChange(path, shown, text, newText) { NewBytes = encoding.Encode(newText) };
                if (ChangePlanner.IsReadOnly(path))
                {
                    change.Status = FileChangeStatus.SkippedReadOnly;
                    change.Reason = "the file is read-only; not written";
                }

                plan.Changes.Add(change);
            }
        }

        plan.UserSecretProjects.AddRange(readers.ConfigurationReaders
            .Where(p => File.Exists(p) && File.ReadAllText(p).Contains("<UserSecretsId>", StringComparison.Ordinal))
            .Select(relative)
            .Order(StringComparer.Ordinal));
        return plan;
    }

    /// <summary>The edit for a file by its kind, or null for a file that is no provisioning file.</summary>
    internal static WiringResult? Edit(string relative, string text, bool wire) => KindOf(relative) switch
    {
        FileKind.Env => ProvisioningEdits.Env(text, wire),
        FileKind.Json => ProvisioningEdits.Json(text, wire),
        FileKind.Yaml => ProvisioningEdits.Yaml(text, wire, SuggestedReference(relative)),
        _ => null,
    };

    private enum FileKind
    {
        None,
        Env,
        Json,
        Yaml,
    }

    private static FileKind KindOf(string path)
    {
        var name = Path.GetFileName(path);
        if (name.StartsWith(".env", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.Env;
        }

        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) &&
            (name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) || name.Equals("launchSettings.json", StringComparison.OrdinalIgnoreCase)))
        {
            return FileKind.Json;
        }

        return name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) ? FileKind.Yaml : FileKind.None;
    }

    /// <summary>How the file's kind references a secret, for a line the user adds by hand.</summary>
    private static string SuggestedReference(string relative)
    {
        var name = Path.GetFileName(relative);
        if (relative.Contains(".github/workflows/", StringComparison.OrdinalIgnoreCase))
        {
            return "${{ secrets." + SaperlyApi.ServiceKeySecret + " }}";
        }

        if (name.StartsWith("azure-pipelines", StringComparison.OrdinalIgnoreCase))
        {
            return "$(" + SaperlyApi.ServiceKeySecret + ")";
        }

        if (name.Contains("compose", StringComparison.OrdinalIgnoreCase))
        {
            return "${" + SaperlyApi.ServiceKeySecret + "}";
        }

        return "<a reference to the service key's secret>";
    }

    private static bool IsOtherSolution(string folder, string input)
    {
        var full = Path.GetFullPath(input).TrimEnd(Path.DirectorySeparatorChar);
        if (full == folder || full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return Directory.EnumerateFiles(folder, "*.sln").Any() || Directory.EnumerateFiles(folder, "*.slnx").Any();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>The repository holding a folder: the nearest ancestor with a .git entry, else the folder itself.</summary>
    public static string RepositoryRoot(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            if (Directory.Exists(Path.Combine(current.FullName, ".git")) || File.Exists(Path.Combine(current.FullName, ".git")))
            {
                return current.FullName;
            }
        }

        return folder;
    }

    /// <summary>
    /// The provisioning files of the repository: every folder under its root except build output, VCS and package
    /// folders, and folders of other solutions (a sibling holding its own .sln/.slnx is another team's to migrate).
    /// </summary>
    private static IEnumerable<string> Scan(string root, string input) =>
        Walk(root, folder => IsOtherSolution(folder, input)).Where(file => KindOf(file) != FileKind.None && new FileInfo(file).Length < 1_000_000);

    /// <summary>
    /// Every file under <paramref name="root"/>, except in build output, VCS and package folders and the folders
    /// <paramref name="skip"/> names. Symbolic links are not followed: they could loop, or leave the repository.
    /// </summary>
    internal static IEnumerable<string> Walk(string root, Func<string, bool> skip)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            string[] folders, files;
            try
            {
                folders = Directory.GetDirectories(folder);
                files = Directory.GetFiles(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var sub in folders.Where(f => !SkippedFolders.Contains(Path.GetFileName(f), StringComparer.OrdinalIgnoreCase) && !skip(f)))
            {
                if (!new DirectoryInfo(sub).Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in files)
            {
                yield return file;
            }
        }
    }
}
