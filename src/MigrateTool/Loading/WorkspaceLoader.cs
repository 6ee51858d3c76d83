using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;
using Saperly.Migration.Tool.Hosting;
using Saperly.Migration.Tool.Progress;

namespace Saperly.Migration.Tool.Loading;

/// <summary>
/// Opens a solution, solution filter or project: with design-time builds in this process where every project is C# and
/// builds without an error (<see cref="DesignTimeBuild"/>), else with MSBuildWorkspace. Every workspace failure is
/// attributed to a project by name and returned, never swallowed; the rest of the solution loads.
/// </summary>
internal static partial class WorkspaceLoader
{
    /// <summary>The runtime's switch for the profile-guided JIT tier (the tool's own runtimeconfig turns it off).</summary>
    internal const string TieredPgoVariable = "DOTNET_TieredPGO";

    /// <summary>Set to <c>workspace</c>, every load goes through MSBuildWorkspace (the way before the in-process build).</summary>
    internal const string LoaderVariable = "SAPERLY_MIGRATE_LOADER";

    public static async Task<LoadedSolution> LoadAsync(string inputPath, IProgressSink progress, CancellationToken cancellationToken)
    {
        if (!string.Equals(Environment.GetEnvironmentVariable(LoaderVariable), "workspace", StringComparison.OrdinalIgnoreCase)
            && await LoadInProcessAsync(inputPath, progress, cancellationToken) is { } loaded)
        {
            return loaded;
        }

        return await LoadWithWorkspaceAsync(inputPath, progress, cancellationToken);
    }

    /// <summary>
    /// The design-time builds in this process while the workspace's services are composed on another thread; null
    /// (after saying why) where MSBuildWorkspace has to load the solution instead.
    /// </summary>
    internal static async Task<LoadedSolution?> LoadInProcessAsync(string inputPath, IProgressSink progress, CancellationToken cancellationToken)
    {
        var composing = Task.Run(() => WorkspaceHost.CreateWorkspace(WorkspaceKind.MSBuild), CancellationToken.None);

        DesignTimeBuildResult built;
        try
        {
            // Its own thread: the thread pool starts with one thread per core, which the composition and the warm-up hold.
            built = await Task.Factory.StartNew(
                () => DesignTimeBuild.Run(inputPath, p => progress.Step(LoadedStep(p.FilePath, p.TargetFramework, p.Elapsed)), cancellationToken),
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }
        catch
        {
            (await composing).Dispose();
            throw;
        }

        var workspace = await composing;
        try
        {
            var (solution, notHandled) = built.NotHandled is null
                ? DesignTimeSolution.Create(workspace, IsProject(inputPath) ? null : Path.GetFullPath(inputPath), built.Projects)
                : (null, built.NotHandled);
            if (solution is null)
            {
                progress.Step($"loading with MSBuildWorkspace instead: {notHandled}");
                workspace.Dispose();
                return null;
            }

            return Loaded(workspace, solution, inputPath, []);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    internal static async Task<LoadedSolution> LoadWithWorkspaceAsync(string inputPath, IProgressSink progress, CancellationToken cancellationToken)
    {
        var workspace = MSBuildWorkspace.Create();
        try
        {
            var loadProgress = new Progress(progress);
            var isProject = IsProject(inputPath);
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
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not one project but the whole load failed (MSBuild's BuildHost could not start, say): one line, no trace.
                throw new SolutionLoadException($"MSBuild could not open {Path.GetFileName(inputPath)}: {OneLine(ex.Message)}", ex);
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

            return Loaded(workspace, solution, inputPath, failures);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    private static bool IsProject(string inputPath) => string.Equals(Path.GetExtension(inputPath), ".csproj", StringComparison.OrdinalIgnoreCase);

    /// <summary>The loaded solution with every source file's bytes as they were at load time.</summary>
    private static LoadedSolution Loaded(Workspace workspace, Solution solution, string inputPath, IReadOnlyList<LoadFailure> failures)
    {
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

    private static string LoadedStep(string projectPath, string? targetFramework, TimeSpan elapsed)
    {
        var framework = targetFramework is null ? string.Empty : $" ({targetFramework})";
        return $"loaded {Path.GetFileNameWithoutExtension(projectPath)}{framework} in {elapsed.TotalMilliseconds:0} ms";
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

    /// <summary>A message on one line (MSBuild's and the BuildHost's span several).</summary>
    internal static string OneLine(string message) => string.Join(" ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

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
                _sink.Step(LoadedStep(value.FilePath, value.TargetFramework, value.ElapsedTime));
            }
        }
    }
}
