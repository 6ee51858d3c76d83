using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Tool.Analysis;

namespace Saperly.Migration.Tool.Gating;

/// <summary>Each project's compiler errors before any fix: what the gate compares against.</summary>
internal sealed class CompileBaseline
{
    private readonly Dictionary<ProjectId, Dictionary<ErrorKey, int>> _errors = [];

    /// <summary>Projects the gate cannot judge (not restored, or no framework references), with the reason.</summary>
    public List<(Project Project, string Reason)> Unusable { get; } = [];

    /// <summary>
    /// Compiles and analyzes every C# project once (concurrently): the errors become the baseline and
    /// the analyses stay in <paramref name="collector"/> for the findings.
    /// </summary>
    public static async Task<CompileBaseline> CaptureAsync(Solution solution, FindingCollector collector, System.Action<string> step, CancellationToken cancellationToken)
    {
        var results = new ConcurrentDictionary<ProjectId, (Dictionary<ErrorKey, int>? Errors, string? Unusable)>();
        var projects = FindingCollector.Ordered(solution).Where(p => p.Language == LanguageNames.CSharp).ToList();
        await FindingCollector.ForEachAsync(projects, async (project, token) =>
        {
            lock (results)
            {
                step($"compiling and analyzing {project.Name}");
            }

            var compilation = await project.GetCompilationAsync(token);
            if (compilation is null || compilation.GetSpecialType(SpecialType.System_Object).TypeKind == TypeKind.Error)
            {
                results[project.Id] = (null, "the compiler cannot resolve System.Object (not restored? run 'dotnet restore' first); not migrated");
                return;
            }

            // A project that was never restored is compiled without analyzers first: if it does not
            // compile, its errors say nothing about a fix, and the rules have nothing sound to read.
            if (IsNotRestored(project) && compilation.GetDiagnostics(token).Any(d => d.Severity == DiagnosticSeverity.Error && !d.IsSuppressed))
            {
                results[project.Id] = (null, "not restored (obj/project.assets.json is missing) and does not compile; run 'dotnet restore' first; not migrated");
                return;
            }

            results[project.Id] = (Count((await collector.AnalyzeAsync(project, token)).Errors), null);
        }, cancellationToken);

        var baseline = new CompileBaseline();
        foreach (var project in projects)
        {
            var (errors, unusable) = results[project.Id];
            if (errors is null)
            {
                baseline.Unusable.Add((project, unusable!));
            }
            else
            {
                baseline._errors[project.Id] = errors;
            }
        }

        return baseline;
    }

    public bool Has(ProjectId id) => _errors.ContainsKey(id);

    /// <summary>The errors of a project's new state beyond the project's baseline.</summary>
    public IEnumerable<Diagnostic> NewErrors(ProjectId id, IEnumerable<Diagnostic> errors)
    {
        var remaining = new Dictionary<ErrorKey, int>(_errors.GetValueOrDefault(id) ?? []);
        foreach (var error in errors)
        {
            var key = ErrorKey.Of(error);
            if (remaining.TryGetValue(key, out var count) && count > 0)
            {
                remaining[key] = count - 1;
            }
            else
            {
                yield return error;
            }
        }
    }

    /// <summary>An SDK-style project that was never restored compiles without its packages: its errors say nothing about a fix.</summary>
    private static bool IsNotRestored(Project project) =>
        project.FilePath is { } file
        && System.IO.File.ReadAllText(file).Contains("Sdk=", System.StringComparison.Ordinal)
        && !System.IO.File.Exists(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, "obj", "project.assets.json"));

    private static Dictionary<ErrorKey, int> Count(IEnumerable<Diagnostic> errors) =>
        errors.GroupBy(ErrorKey.Of).ToDictionary(g => g.Key, g => g.Count());
}
