using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace Saperly.Migration.Tool.Gating;

/// <summary>Each project's compiler errors before any fix: what the gate compares against.</summary>
internal sealed class CompileBaseline
{
    private readonly Dictionary<ProjectId, Dictionary<ErrorKey, int>> _errors = [];

    /// <summary>Projects the gate cannot judge (not restored, or no framework references), with the reason.</summary>
    public List<(Project Project, string Reason)> Unusable { get; } = [];

    public static async Task<CompileBaseline> CaptureAsync(Solution solution, System.Action<string> step, CancellationToken cancellationToken)
    {
        var baseline = new CompileBaseline();
        foreach (var project in Analysis.FindingCollector.Ordered(solution).Where(p => p.Language == LanguageNames.CSharp))
        {
            step($"compiling {project.Name}");
            var compilation = await project.GetCompilationAsync(cancellationToken);
            if (compilation is null || compilation.GetSpecialType(SpecialType.System_Object).TypeKind == TypeKind.Error)
            {
                baseline.Unusable.Add((project, "the compiler cannot resolve System.Object (not restored? run 'dotnet restore' first); not migrated"));
                continue;
            }

            var errors = Count(Errors(compilation));
            if (errors.Count > 0 && IsNotRestored(project))
            {
                baseline.Unusable.Add((project, "not restored (obj/project.assets.json is missing) and does not compile; run 'dotnet restore' first; not migrated"));
                continue;
            }

            baseline._errors[project.Id] = errors;
        }

        return baseline;
    }

    public bool Has(ProjectId id) => _errors.ContainsKey(id);

    /// <summary>The errors of <paramref name="compilation"/> beyond the project's baseline.</summary>
    public IEnumerable<Diagnostic> NewErrors(ProjectId id, Compilation compilation)
    {
        var remaining = new Dictionary<ErrorKey, int>(_errors.GetValueOrDefault(id) ?? []);
        foreach (var error in Errors(compilation))
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

    private static IEnumerable<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !d.IsSuppressed);

    private static Dictionary<ErrorKey, int> Count(IEnumerable<Diagnostic> errors) =>
        errors.GroupBy(ErrorKey.Of).ToDictionary(g => g.Key, g => g.Count());
}
