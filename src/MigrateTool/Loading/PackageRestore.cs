using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Construction;
using Saperly.Migration.Tool.Hosting;

namespace Saperly.Migration.Tool.Loading;

/// <summary>
/// Restores the input's packages before it loads, as <c>dotnet format</c> does: a fresh clone has no
/// <c>obj/project.assets.json</c>, and a project without one does not compile. Only when some project needs it (no
/// assets file, or a project file newer than its assets), so a restored solution pays a few file checks, not a restore.
/// The restore is <c>dotnet restore</c> of the SDK whose MSBuild the load uses; its errors are named per project.
/// </summary>
internal static partial class PackageRestore
{
    /// <summary>The C# projects <paramref name="inputPath"/> names that have no assets file, or an older one than their project file.</summary>
    public static IReadOnlyList<string> ProjectsToRestore(string inputPath)
    {
        var stale = new List<string>();
        foreach (var project in ProjectsOf(Path.GetFullPath(inputPath)))
        {
            var assets = Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json");
            if (File.Exists(project) && (!File.Exists(assets) || File.GetLastWriteTimeUtc(project) > File.GetLastWriteTimeUtc(assets)))
            {
                stale.Add(project);
            }
        }

        return stale;
    }

    /// <summary>
    /// Runs <c>dotnet restore</c> on the input; returns the projects it could not restore, each with its first error, and
    /// the first line of its output when it failed without naming a project (the load then says what is wrong: an SDK
    /// that is not installed, a solution that does not parse). The restore's output is never printed whole.
    /// </summary>
    public static async Task<(IReadOnlyList<(string Project, string Message)> Failures, string? Unattributed)> RunAsync(string inputPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(inputPath))!,
        };
        foreach (var argument in new[] { "restore", Path.GetFullPath(inputPath), "--verbosity", "quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        // The tool's own runtime settings are not the restore's.
        start.Environment.Remove(WorkspaceLoader.TieredPgoVariable);
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return ([], $"'{start.FileName}' could not start: {WorkspaceLoader.OneLine(ex.Message)}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode == 0)
        {
            return ([], null);
        }

        var text = output.ToString();
        var failures = Failures(text);
        return (failures, failures.Count > 0 ? null : text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? $"exit code {process.ExitCode}");
    }

    /// <summary><c>/src/App/App.csproj : error NU1101: Unable to find package X. [/src/App.sln]</c>, first error per project.</summary>
    internal static IReadOnlyList<(string Project, string Message)> Failures(string output)
    {
        var failures = new List<(string Project, string Message)>();
        foreach (Match match in ErrorLine().Matches(output))
        {
            var project = Path.GetFileNameWithoutExtension(match.Groups["file"].Value.Trim());
            if (failures.All(f => !string.Equals(f.Project, project, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add((project, $"restore failed: {match.Groups["code"].Value}: {match.Groups["message"].Value.Trim()}; not migrated"));
            }
        }

        return failures;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>The <c>dotnet</c> of the SDK whose MSBuild the load registered (…/sdk/&lt;version&gt;/), else the one on the PATH.</summary>
    private static string DotnetExecutable()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (MsBuildRegistration.MSBuildPath is { } msbuild)
        {
            var root = Directory.GetParent(Path.TrimEndingDirectorySeparator(msbuild))?.Parent?.FullName;
            if (root is not null && File.Exists(Path.Combine(root, name)))
            {
                return Path.Combine(root, name);
            }
        }

        return name;
    }

    private static IEnumerable<string> ProjectsOf(string inputPath)
    {
        var extension = Path.GetExtension(inputPath);
        if (extension.Equals(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            return [inputPath];
        }

        try
        {
            if (extension.Equals(".slnf", StringComparison.OrdinalIgnoreCase))
            {
                return FilteredProjects(inputPath);
            }

            if (extension.Equals(".sln", StringComparison.OrdinalIgnoreCase) || extension.Equals(".slnx", StringComparison.OrdinalIgnoreCase))
            {
                return SolutionFile.Parse(inputPath).ProjectsInOrder
                    .Where(p => p.ProjectType != SolutionProjectType.SolutionFolder && p.AbsolutePath.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                    .Select(p => Path.GetFullPath(p.AbsolutePath))
                    .ToList();
            }
        }
        catch (Exception ex) when (ex is Microsoft.Build.Exceptions.InvalidProjectFileException or IOException or JsonException or UnauthorizedAccessException)
        {
            // The load names what is wrong with the solution; the restore is not the place to.
        }

        return [];
    }

    /// <summary>A solution filter's projects: <c>{"solution": {"path": "...", "projects": ["..."]}}</c>, relative to its solution.</summary>
    private static IEnumerable<string> FilteredProjects(string filterPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(filterPath));
        var solution = document.RootElement.GetProperty("solution");
        var solutionFolder = Path.GetDirectoryName(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(filterPath)!, solution.GetProperty("path").GetString()!)))!;
        return solution.GetProperty("projects").EnumerateArray()
            .Select(p => Path.GetFullPath(Path.Combine(solutionFolder, p.GetString()!.Replace('\\', Path.DirectorySeparatorChar))))
            .Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    [GeneratedRegex(@"^\s*(?<file>[^\r\n]+?\.csproj)\s*:\s*error\s+(?<code>NU\d+)\s*:\s*(?<message>[^\r\n]*?)(\s*\[[^\]\r\n]*\])?\s*$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
