using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Tool.Analysis;

namespace Saperly.Migration.Tool.Gating;

/// <summary>
/// The projects the compile gate can judge, before any fix: every C# project whose compilation resolves
/// System.Object and that was restored (or compiles without its packages). Their errors are not computed
/// here; the gate compiles what a change can affect when it has a change to judge.
/// </summary>
internal sealed class CompileBaseline
{
    private readonly HashSet<ProjectId> _usable = [];

    /// <summary>Projects the gate cannot judge (not restored, or no framework references), with the reason.</summary>
    public List<(Project Project, string Reason)> Unusable { get; } = [];

    /// <summary>Sorts every C# project into usable and unusable (concurrently).</summary>
    public static async Task<CompileBaseline> CaptureAsync(Solution solution, System.Action<string> step, CancellationToken cancellationToken)
    {
        var reasons = new ConcurrentDictionary<ProjectId, string?>();
        var projects = FindingCollector.Ordered(solution).Where(p => p.Language == LanguageNames.CSharp).ToList();
        await FindingCollector.ForEachAsync(projects, async (project, token) =>
        {
            lock (reasons)
            {
                step($"checking {project.Name}");
            }

            var compilation = await project.GetCompilationAsync(token);
            if (compilation is null || compilation.GetSpecialType(SpecialType.System_Object).TypeKind == TypeKind.Error)
            {
                reasons[project.Id] = "the compiler cannot resolve System.Object (not restored? run 'dotnet restore' first); not migrated";
                return;
            }

            // A project that was never restored is compiled first: if it does not compile, its errors say
            // nothing about a fix, and the rules have nothing sound to read.
            reasons[project.Id] = IsNotRestored(project) && compilation.GetDiagnostics(token).Any(d => d.Severity == DiagnosticSeverity.Error && !d.IsSuppressed)
                ? "not restored (obj/project.assets.json is missing) and does not compile; run 'dotnet restore' first; not migrated"
                : null;
        }, cancellationToken);

        var baseline = new CompileBaseline();
        foreach (var project in projects)
        {
            if (reasons[project.Id] is { } reason)
            {
                baseline.Unusable.Add((project, reason));
            }
            else
            {
                baseline._usable.Add(project.Id);
            }
        }

        return baseline;
    }

    public bool Has(ProjectId id) => _usable.Contains(id);

    /// <summary>An SDK-style project that was never restored compiles without its packages: its errors say nothing about a fix.</summary>
    private static bool IsNotRestored(Project project) =>
        project.FilePath is { } file
        && System.IO.File.ReadAllText(file).Contains("Sdk=", System.StringComparison.Ordinal)
        && !System.IO.File.Exists(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, "obj", "project.assets.json"));
}
