using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Fixing;

namespace Saperly.Migration.Tool.Gating;

/// <summary>
/// Withholds every file change that adds a compiler error in any project (any target framework)
/// that compiles the file or depends on one that does. The rest goes ahead.
/// </summary>
internal sealed class CompileGate
{
    private readonly CompileBaseline _baseline;
    private readonly FindingCollector _collector;

    public CompileGate(CompileBaseline baseline, FindingCollector collector)
    {
        _baseline = baseline;
        _collector = collector;
    }

    public async Task<(Solution Solution, IReadOnlyDictionary<string, string> Withheld)> ApplyAsync(
        Solution original, Solution fixedSolution, IReadOnlyList<string> changedPaths, Func<string, string> relative, CancellationToken cancellationToken)
    {
        var withheld = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in changedPaths)
        {
            var uncheckable = original.GetDocumentIdsWithFilePath(path).Select(id => original.GetProject(id.ProjectId)!).FirstOrDefault(p => !_baseline.Has(p.Id));
            if (uncheckable is not null)
            {
                withheld[path] = $"also compiled by {uncheckable.Name}, which could not be compiled, so the change cannot be checked there";
            }
        }

        while (true)
        {
            var active = changedPaths.Where(p => !withheld.ContainsKey(p)).ToArray();

            // With nothing withheld the candidate is the fixed solution itself, whose projects the fix
            // loop's last pass already compiled and analyzed; otherwise the original plus what goes ahead.
            var candidate = withheld.Count == 0 ? fixedSolution : original;
            for (var i = 0; withheld.Count > 0 && i < active.Length; i++)
            {
                candidate = SolutionTexts.WithFileText(candidate, active[i], (await SolutionTexts.FileTextAsync(fixedSolution, active[i], cancellationToken))!);
            }

            var newErrors = await NewErrorsAsync(candidate, active, cancellationToken);
            if (newErrors.Count == 0)
            {
                return (candidate, withheld);
            }

            var withheldBefore = withheld.Count;
            var activeSet = active.ToHashSet(StringComparer.Ordinal);
            var located = newErrors.Where(e => activeSet.Contains(e.Error.Location.SourceTree?.FilePath ?? string.Empty)).ToArray();
            foreach (var (project, error) in located)
            {
                withheld.TryAdd(error.Location.SourceTree!.FilePath, Describe(project, error, relative));
            }

            if (located.Length == 0)
            {
                // The error is in a file the fix did not touch: withhold every change the project sees.
                foreach (var (project, error) in newErrors)
                {
                    foreach (var path in PathsSeenBy(candidate, project, active))
                    {
                        withheld.TryAdd(path, Describe(project, error, relative));
                    }
                }
            }

            if (withheld.Count == withheldBefore)
            {
                // Cannot tell which change causes the error: withhold them all rather than guess.
                foreach (var path in active)
                {
                    withheld.TryAdd(path, Describe(newErrors[0].Project, newErrors[0].Error, relative));
                }
            }
        }
    }

    private async Task<List<(Project Project, Diagnostic Error)>> NewErrorsAsync(Solution candidate, IReadOnlyList<string> active, CancellationToken cancellationToken)
    {
        var graph = candidate.GetProjectDependencyGraph();
        var affected = active
            .SelectMany(path => candidate.GetDocumentIdsWithFilePath(path))
            .Select(id => id.ProjectId)
            .SelectMany(id => graph.GetProjectsThatTransitivelyDependOnThisProject(id).Append(id))
            .Distinct()
            .Select(candidate.GetProject)
            .OfType<Project>()
            .Where(p => _baseline.Has(p.Id))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

        var found = new ConcurrentDictionary<ProjectId, Diagnostic[]>();
        await FindingCollector.ForEachAsync(affected, async (project, token) =>
            found[project.Id] = [.. _baseline.NewErrors(project.Id, (await _collector.AnalyzeAsync(project, token)).Errors)], cancellationToken);
        return [.. affected.SelectMany(p => found[p.Id].Select(e => (p, e)))];
    }

    private static IEnumerable<string> PathsSeenBy(Solution solution, Project project, IReadOnlyList<string> active)
    {
        var graph = solution.GetProjectDependencyGraph();
        var visible = graph.GetProjectsThatThisProjectTransitivelyDependsOn(project.Id).Append(project.Id).ToHashSet();
        return active.Where(path => solution.GetDocumentIdsWithFilePath(path).Any(id => visible.Contains(id.ProjectId)));
    }

    private static string Describe(Project project, Diagnostic error, Func<string, string> relative)
    {
        var span = error.Location.GetLineSpan();
        var where = error.Location.IsInSource ? $"{relative(span.Path)}({span.StartLinePosition.Line + 1})" : project.Name;
        return $"would add {error.Id} in {project.Name}: {where}: {error.GetMessage(CultureInfo.InvariantCulture)}";
    }
}
