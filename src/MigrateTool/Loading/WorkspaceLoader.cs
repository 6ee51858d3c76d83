using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;
using Saperly.Migration.Tool.Progress;

namespace Saperly.Migration.Tool.Loading;

/// <summary>
/// Opens a solution, solution filter or project with MSBuildWorkspace. Every workspace failure is
/// attributed to a project by name and returned, never swallowed; the rest of the solution loads.
/// </summary>
internal static partial class WorkspaceLoader
{
    /// <summary>The runtime's switch for the profile-guided JIT tier (the tool's own runtimeconfig turns it off).</summary>
    internal const string TieredPgoVariable = "DOTNET_TieredPGO";

    public static async Task<LoadedSolution> LoadAsync(string inputPath, IProgressSink progress, CancellationToken cancellationToken)
    {
        var workspace = MSBuildWorkspace.Create();
        try
        {
            var loadProgress = new Progress(progress);
            var isProject = string.Equals(Path.GetExtension(inputPath), ".csproj", StringComparison.OrdinalIgnoreCase);
            Solution solution;
            var pgo = Environment.GetEnvironmentVariable(TieredPgoVariable);
            try
            {
                // MSBuild's BuildHost process, started by the first open, inherits this environment: it runs
                // without the profile-guided JIT tier as the tool does, unless the user chose a setting.
                Environment.SetEnvironmentVariable(TieredPgoVariable, pgo ?? "0");
                solution = isProject
                    ? (await workspace.OpenProjectAsync(inputPath, loadProgress, cancellationToken)).Solution
                    : await workspace.OpenSolutionAsync(inputPath, loadProgress, cancellationToken);
            }
            finally
            {
                Environment.SetEnvironmentVariable(TieredPgoVariable, pgo);
            }

            var loadedPaths = solution.Projects.Where(p => p.DocumentIds.Count > 0).Select(p => p.FilePath).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var failures = workspace.Diagnostics
                .Where(d => d.Kind == WorkspaceDiagnosticKind.Failure)
                .Select(d => Describe(d.Message, inputPath, loadedPaths))
                .Distinct()
                .OrderBy(f => f.ProjectName, StringComparer.Ordinal)
                .ThenBy(f => f.Message, StringComparer.Ordinal)
                .ToList();

            var snapshots = solution.Projects
                .SelectMany(p => p.Documents)
                .Select(d => d.FilePath)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .Select(FileSnapshot.TryRead)
                .OfType<FileSnapshot>()
                .ToDictionary(s => s.Path, StringComparer.Ordinal);

            return new LoadedSolution(workspace, solution, Path.GetDirectoryName(inputPath)!, failures, snapshots);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Names the project a failure is about. MSBuild can report an error for a project that still
    /// loaded (e.g. a missing project reference, or a restore warning raised to an error): say so.
    /// </summary>
    private static LoadFailure Describe(string message, string inputPath, IReadOnlySet<string> loadedPaths)
    {
        var match = ProjectPath().Match(message);
        var path = match.Success ? match.Value : inputPath;
        var loaded = match.Success && loadedPaths.Contains(Path.GetFullPath(path));
        var what = loaded ? "loaded with an MSBuild error, migrated as far as it compiles" : "did not load";
        return new LoadFailure(Path.GetFileNameWithoutExtension(path), $"{what}: {OneLine(message)}");
    }

    private static string OneLine(string message) => string.Join(" ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"[^'""\s]+\.(?:cs|vb|fs)proj", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectPath();

    private sealed class Progress : IProgress<ProjectLoadProgress>
    {
        private readonly IProgressSink _sink;

        public Progress(IProgressSink sink)
        {
            _sink = sink;
        }

        public void Report(ProjectLoadProgress value)
        {
            if (value.Operation == ProjectLoadOperation.Resolve)
            {
                var framework = value.TargetFramework is null ? string.Empty : $" ({value.TargetFramework})";
                _sink.Step($"loaded {Path.GetFileNameWithoutExtension(value.FilePath)}{framework} in {value.ElapsedTime.TotalMilliseconds:0} ms");
            }
        }
    }
}
