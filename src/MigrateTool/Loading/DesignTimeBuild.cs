using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Build.Construction;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;
using Microsoft.Build.Locator;
using Saperly.Migration.Tool.Hosting;

namespace Saperly.Migration.Tool.Loading;

/// <summary>One source-like item of a project: its full path and the path it shows under the project.</summary>
internal sealed record ProjectItemFile(string FullPath, string LogicalPath);

/// <summary>A project reference as written: the referenced project's full path, its aliases, whether its assembly is referenced.</summary>
internal sealed record ProjectFileReferenceItem(string FullPath, ImmutableArray<string> Aliases, bool ReferenceOutputAssembly);

/// <summary>What a design-time build of one project (one target framework) says about it.</summary>
internal sealed record BuiltProject(
    string FilePath,
    string? TargetFramework,
    IReadOnlyList<string> CommandLineArgs,
    IReadOnlyList<ProjectItemFile> Documents,
    IReadOnlyList<ProjectItemFile> AdditionalFiles,
    IReadOnlyList<ProjectItemFile> EditorConfigFiles,
    IReadOnlyList<ProjectFileReferenceItem> ProjectReferences,
    string? OutputFilePath,
    string? OutputRefFilePath,
    string? IntermediateOutputFilePath,
    string DefaultNamespace,
    TimeSpan Elapsed);

/// <summary>The projects built, or why this process cannot build them as MSBuildWorkspace would.</summary>
internal sealed record DesignTimeBuildResult(IReadOnlyList<BuiltProject> Projects, string? NotHandled);

/// <summary>
/// Runs the design-time build MSBuildWorkspace runs (evaluation, then <c>Compile</c> and <c>CoreCompile</c> with the
/// compiler's execution skipped and its command line returned), with the same global properties and load settings,
/// but in this process. MSBuildWorkspace runs it in a BuildHost process it starts once its services are composed:
/// on a small solution that start and the wait for the composition are a large part of the load (docs/performance.md, item 22).
/// Only the case where every project is C# and evaluates and builds without an error is handled here; anything
/// else (an error, a missing file, another language, a reference cycle) is reported as not handled, and the caller
/// loads with MSBuildWorkspace, which reports it as users know it.
/// </summary>
internal static class DesignTimeBuild
{
    /// <summary>MSBuildWorkspace's BuildHost defaults on .NET (ProjectBuildManager's global properties).</summary>
    private static readonly Dictionary<string, string> DefaultGlobalProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DesignTimeBuild"] = "True",
        ["NonExistentFile"] = "__NonExistentSubDir__\\__NonExistentFile__",
        ["BuildProjectReferences"] = "False",
        ["BuildingProject"] = "False",
        ["ProvideCommandLineArgs"] = "True",
        ["SkipCompilerExecution"] = "True",
        ["ContinueOnError"] = "ErrorAndContinue",
        ["ShouldUnsetParentConfigurationAndPlatform"] = "False",
    };

    private const ProjectLoadSettings LoadSettings = ProjectLoadSettings.RejectCircularImports
        | ProjectLoadSettings.IgnoreEmptyImports
        | ProjectLoadSettings.IgnoreMissingImports
        | ProjectLoadSettings.IgnoreInvalidImports
        | ProjectLoadSettings.DoNotEvaluateElementsWithFalseCondition
        | ProjectLoadSettings.FailOnUnresolvedSdk;

    private static readonly string[] RequiredTargets = ["Compile", "CoreCompile"];
    private const string OptionalTarget = "DesignTimeMarkupCompilation";

    internal static StringComparer PathComparer { get; } = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>Builds the projects <paramref name="inputPath"/> names (a solution, solution filter or C# project) and the projects they reference.</summary>
    public static DesignTimeBuildResult Run(string inputPath, Action<BuiltProject> onBuilt, CancellationToken cancellationToken)
    {
        try
        {
            var result = RunCore(Path.GetFullPath(inputPath), onBuilt, cancellationToken);

            // MSBuild's evaluations and build state are garbage now: collected before the compilations fill the heap, the
            // process's peak holds one of the two, not both (docs/performance.md, item 24).
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not swallowed: the caller says why and loads with MSBuildWorkspace, which reports the problem by project.
            return NotHandled(WorkspaceLoader.OneLine(ex.Message));
        }
    }

    private static DesignTimeBuildResult RunCore(string inputPath, Action<BuiltProject> onBuilt, CancellationToken cancellationToken)
    {
        // This process runs the MSBuild of the SDK its working folder selects; MSBuildWorkspace's BuildHost runs the one
        // the solution's folder selects (its global.json). Where those differ, the BuildHost builds the projects.
        if (SdkOf(Path.GetDirectoryName(inputPath)!) is { } wanted && MsBuildRegistration.MSBuildPath is { } running
            && !PathComparer.Equals(Path.TrimEndingDirectorySeparator(wanted.MSBuildPath), Path.TrimEndingDirectorySeparator(running)))
        {
            return NotHandled($"{Path.GetDirectoryName(inputPath)} selects the .NET SDK {wanted.Version} (global.json), this process runs the MSBuild in {running}");
        }

        var globals = new Dictionary<string, string>(DefaultGlobalProperties, StringComparer.OrdinalIgnoreCase);
        var extension = Path.GetExtension(inputPath);
        List<string> requested;
        if (string.Equals(extension, ".csproj", StringComparison.OrdinalIgnoreCase))
        {
            requested = [inputPath];
        }
        else if (extension.Equals(".sln", StringComparison.OrdinalIgnoreCase) || extension.Equals(".slnx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".slnf", StringComparison.OrdinalIgnoreCase))
        {
            var (solutionPath, filter) = extension.Equals(".slnf", StringComparison.OrdinalIgnoreCase) ? ReadFilter(inputPath) : (inputPath, null);
            var solution = SolutionFile.Parse(solutionPath);
            requested = [];
            foreach (var entry in solution.ProjectsInOrder)
            {
                if (entry.ProjectType == SolutionProjectType.SolutionFolder)
                {
                    continue;
                }

                var path = Path.GetFullPath(entry.AbsolutePath);
                if (filter is not null && !filter.Contains(path))
                {
                    continue;
                }

                if (entry.ProjectType != SolutionProjectType.KnownToBeMSBuildFormat || !path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                {
                    return NotHandled($"{entry.ProjectName} is not a C# project");
                }

                requested.Add(path);
            }

            // As MSBuildWorkspace does for a solution (for a filter, the solution it filters).
            globals["SolutionDir"] = Path.GetDirectoryName(solutionPath) + Path.DirectorySeparatorChar;
        }
        else
        {
            return NotHandled($"{Path.GetFileName(inputPath)} is not a solution or a C# project");
        }

        var built = new List<BuiltProject>();
        var seen = new HashSet<string>(PathComparer);
        var queue = new Queue<string>();
        foreach (var path in requested)
        {
            if (seen.Add(path))
            {
                queue.Enqueue(path);
            }
        }

        var logger = new ErrorLogger();
        using var collection = new ProjectCollection(globals, loggers: [], ToolsetDefinitionLocations.Default);
        // One build session for all projects, as MSBuildWorkspace's BuildHost runs them: ProjectInstance.Build starts
        // and ends a session per project, which drops MSBuild's caches each time (docs/performance.md, item 30).
        using var manager = new BuildManager("saperly-migrate");
        manager.BeginBuild(new BuildParameters(collection) { Loggers = [logger], DisableInProcNode = false, MaxNodeCount = 1 });
        try
        {
            while (queue.TryDequeue(out var path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!File.Exists(path))
                {
                    return NotHandled($"{Path.GetFileName(path)} does not exist");
                }

                var clock = Stopwatch.StartNew();
                var project = new Project(path, globalProperties: null, toolsVersion: null, collection, LoadSettings);
                var frameworks = string.IsNullOrEmpty(project.GetPropertyValue("TargetFramework")) && !string.IsNullOrEmpty(project.GetPropertyValue("TargetFrameworks"))
                    ? project.GetPropertyValue("TargetFrameworks").Split(';')
                    : new string?[] { null };
                foreach (var framework in frameworks)
                {
                    var evaluated = project;
                    if (framework is not null)
                    {
                        evaluated = new Project(path, new Dictionary<string, string>(globals, StringComparer.OrdinalIgnoreCase) { ["TargetFramework"] = framework }, toolsVersion: null, collection, LoadSettings);
                    }

                    var result = Build(manager, evaluated, framework, logger, clock);
                    if (result.Project is not { } one)
                    {
                        return NotHandled(result.Reason!);
                    }

                    built.Add(one);
                    onBuilt(one);
                    foreach (var reference in one.ProjectReferences)
                    {
                        if (seen.Add(reference.FullPath))
                        {
                            queue.Enqueue(reference.FullPath);
                        }
                    }

                    clock.Restart();
                    if (!ReferenceEquals(evaluated, project))
                    {
                        collection.UnloadProject(evaluated);
                    }
                }

                // Built: its evaluation is not needed again, and a large solution's would add up (MSBuildWorkspace's
                // BuildHost keeps them all, in its own process).
                collection.UnloadProject(project);
            }
        }
        finally
        {
            manager.EndBuild();
            collection.UnloadAllProjects();
        }

        return new DesignTimeBuildResult(built, null);
    }

    private static (BuiltProject? Project, string? Reason) Build(BuildManager manager, Project evaluated, string? framework, ErrorLogger logger, Stopwatch clock)
    {
        var name = Path.GetFileNameWithoutExtension(evaluated.FullPath) + (framework is null ? string.Empty : $" ({framework})");
        if (!string.Equals(evaluated.GetPropertyValue("Language"), "C#", StringComparison.Ordinal))
        {
            return (null, $"{name} is not a C# project");
        }

        var instance = evaluated.CreateProjectInstance();
        if (RequiredTargets.Any(t => !instance.Targets.ContainsKey(t)))
        {
            return (null, $"{name} has no Compile target");
        }

        string[] targets = instance.Targets.ContainsKey(OptionalTarget) ? [.. RequiredTargets, OptionalTarget] : RequiredTargets;
        logger.Reset();
        var succeeded = manager.BuildRequest(new BuildRequestData(instance, targets)).OverallResult == BuildResultCode.Success;
        if (!succeeded || logger.FirstError is not null)
        {
            return (null, $"{name}: {logger.FirstError ?? "the design-time build failed"}");
        }

        var commandLine = instance.GetItems("CscCommandLineArgs").Select(i => i.EvaluatedInclude).ToList();
        if (commandLine.Count == 0)
        {
            return (null, $"{name}: the design-time build gave no compiler command line");
        }

        var directory = instance.Directory;
        return (new BuiltProject(
            evaluated.FullPath,
            string.IsNullOrWhiteSpace(instance.GetPropertyValue("TargetFramework")) ? null : instance.GetPropertyValue("TargetFramework"),
            commandLine,
            [.. instance.GetItems("Compile").Where(i => !Path.GetFileName(i.EvaluatedInclude).StartsWith("TemporaryGeneratedFile_", StringComparison.Ordinal)).Select(i => ItemFile(i, directory))],
            [.. instance.GetItems("AdditionalFiles").Select(i => ItemFile(i, directory))],
            [.. instance.GetItems("EditorConfigFiles").Select(i => ItemFile(i, directory))],
            [.. instance.GetItems("ProjectReference").Select(i => Reference(i, directory))],
            FullPathOrNull(instance.GetPropertyValue("TargetPath"), directory),
            FullPathOrNull(instance.GetPropertyValue("TargetRefPath"), directory),
            FullPathOrNull(instance.GetItems("IntermediateAssembly").FirstOrDefault()?.EvaluatedInclude, directory),
            instance.GetPropertyValue("RootNamespace"),
            clock.Elapsed), null);
    }

    /// <summary>The .NET SDK a folder selects (its global.json, or the newest installed); throws where none matches.</summary>
    private static VisualStudioInstance? SdkOf(string directory) =>
        MSBuildLocator.QueryVisualStudioInstances(new VisualStudioInstanceQueryOptions { DiscoveryTypes = DiscoveryType.DotNetSdk, WorkingDirectory = directory }).FirstOrDefault();

    /// <summary>A solution filter's solution and the full paths of the projects it keeps.</summary>
    private static (string SolutionPath, HashSet<string> Projects) ReadFilter(string filterPath)
    {
        using var stream = System.IO.File.OpenRead(filterPath);
        using var json = System.Text.Json.JsonDocument.Parse(stream);
        var solution = json.RootElement.GetProperty("solution");
        var solutionPath = Path.GetFullPath(Separators(solution.GetProperty("path").GetString() ?? string.Empty), Path.GetDirectoryName(filterPath)!);
        var directory = Path.GetDirectoryName(solutionPath)!;
        var projects = solution.TryGetProperty("projects", out var list)
            ? list.EnumerateArray().Select(p => Path.GetFullPath(Separators(p.GetString() ?? string.Empty), directory)).ToHashSet(PathComparer)
            : new HashSet<string>(PathComparer);
        return (solutionPath, projects);
    }

    private static string Separators(string path) => path.Replace('\\', Path.DirectorySeparatorChar).Replace('/', Path.DirectorySeparatorChar);

    private static ProjectItemFile ItemFile(ProjectItemInstance item, string directory)
    {
        var fullPath = Path.GetFullPath(item.EvaluatedInclude, directory);
        var link = item.GetMetadataValue("Link");
        if (!string.IsNullOrEmpty(link))
        {
            return new ProjectItemFile(fullPath, link);
        }

        if (!Path.IsPathRooted(item.EvaluatedInclude))
        {
            return new ProjectItemFile(fullPath, item.EvaluatedInclude);
        }

        var root = directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
        return new ProjectItemFile(fullPath, fullPath.StartsWith(root, StringComparison.OrdinalIgnoreCase) ? fullPath[root.Length..] : Path.GetFileName(fullPath));
    }

    private static ProjectFileReferenceItem Reference(ProjectItemInstance item, string directory)
    {
        var aliases = item.GetMetadataValue("Aliases").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var referenceOutput = item.GetMetadataValue("ReferenceOutputAssembly");
        return new ProjectFileReferenceItem(
            Path.GetFullPath(item.EvaluatedInclude, directory),
            [.. aliases],
            !string.Equals(referenceOutput, "false", StringComparison.OrdinalIgnoreCase));
    }

    private static string? FullPathOrNull(string? path, string directory) =>
        string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path, directory);

    private static DesignTimeBuildResult NotHandled(string reason) => new([], reason);

    /// <summary>Keeps the first error a build logs (MSBuildWorkspace would report it; the caller lets it).</summary>
    private sealed class ErrorLogger : ILogger
    {
        public string? FirstError { get; private set; }

        public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Quiet;

        public string? Parameters { get; set; }

        public void Initialize(IEventSource eventSource) => eventSource.ErrorRaised += (_, e) => FirstError ??= $"{e.Code}: {WorkspaceLoader.OneLine(e.Message ?? string.Empty)}";

        public void Reset() => FirstError = null;

        public void Shutdown()
        {
        }
    }
}
