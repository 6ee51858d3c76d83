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
using Saperly.Migration.Tool.Hosting;

namespace Saperly.Migration.Tool.Gating;

/// <summary>
/// Withholds every file change that adds a compiler error in any project (any target framework)
/// that compiles the file or depends on one that does. The rest goes ahead. Where the changes touch
/// member bodies only, the changed files alone are compiled, before and after (no other file's errors
/// can differ); otherwise every affected project is compiled whole, before and after.
/// </summary>
internal sealed partial class CompileGate
{
    private readonly CompileBaseline _baseline;
    private readonly FindingCollector _collector;
    private readonly bool _checkAgainstFull;

    /// <param name="checkAgainstFull">Test seam: new errors found from the changed files alone are compared with the whole projects', and a difference throws.</param>
    public CompileGate(CompileBaseline baseline, FindingCollector collector, bool checkAgainstFull = false)
    {
        _baseline = baseline;
        _collector = collector;
        _checkAgainstFull = checkAgainstFull;
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

            // With nothing withheld the candidate is the fixed solution itself; otherwise the original plus what goes ahead.
            var candidate = withheld.Count == 0 ? fixedSolution : original;
            for (var i = 0; withheld.Count > 0 && i < active.Length; i++)
            {
                candidate = SolutionTexts.WithFileText(candidate, active[i], (await SolutionTexts.FileTextAsync(fixedSolution, active[i], cancellationToken))!);
            }

            var newErrors = await NewErrorsAsync(original, candidate, active, cancellationToken);
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

    private async Task<List<(Project Project, Diagnostic Error)>> NewErrorsAsync(Solution original, Solution candidate, IReadOnlyList<string> active, CancellationToken cancellationToken)
    {
        var graph = candidate.GetProjectDependencyGraph();
        var affected = active
            .SelectMany(path => candidate.GetDocumentIdsWithFilePath(path))
            .Select(id => id.ProjectId)
            .SelectMany(id => graph.GetProjectsThatTransitivelyDependOnThisProject(id).Append(id))
            .Distinct()
            .Select(candidate.GetProject)
            .OfType<Project>()
            .Where(p => _baseline.Has(p.Id) && original.GetProject(p.Id) is not null)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

        var found = new ConcurrentDictionary<ProjectId, Diagnostic[]>();
        await FindingCollector.ForEachAsync(affected, async (project, token) =>
            found[project.Id] = [.. await NewErrorsOfAsync(original.GetProject(project.Id)!, project, token)], cancellationToken);
        return [.. affected.SelectMany(p => found[p.Id].Select(e => (p, e)))];
    }

    /// <summary>How many changed files the gate compiled on their own, before and after (both counted once).</summary>
    public int FilesCompiled => _filesCompiled;

    /// <summary>How many project states the gate compiled whole, because an edit may change how another file binds.</summary>
    public int ProjectsCompiled => _projectsCompiled;

    private int _filesCompiled;
    private int _projectsCompiled;

    /// <summary>
    /// The errors a project has after the fixes beyond those it had before. When the edits changed only member
    /// bodies (<see cref="CompilationDelta"/>), no unchanged file's errors can have changed, so only the changed
    /// files are compiled, before and after; otherwise the whole project is, before and after.
    /// </summary>
    private async Task<List<Diagnostic>> NewErrorsOfAsync(Project before, Project after, CancellationToken cancellationToken)
    {
        var earlier = FindingCollector.ForAnalysis((await before.GetCompilationAsync(cancellationToken))!);
        var later = FindingCollector.ForAnalysis((await after.GetCompilationAsync(cancellationToken))!);
        List<Diagnostic>? fromFiles = null;
        if (SpeedMechanisms.IsOn(SpeedMechanisms.PartialGate)
            && !await WarningsCanBeErrorsAsync(after, later, cancellationToken)
            && CompilationDelta.Between(earlier, later, cancellationToken) is { } delta && delta.KeepsUnchangedFiles(later, cancellationToken))
        {
            Interlocked.Add(ref _filesCompiled, delta.Changed.Count);
            fromFiles = Beyond(
                delta.Changed.SelectMany(c => ErrorsIn(earlier, c.Before, cancellationToken)),
                delta.Changed.SelectMany(c => ErrorsIn(later, c.After, cancellationToken)));
            if (!_checkAgainstFull)
            {
                return fromFiles;
            }
        }
        else
        {
            Interlocked.Increment(ref _projectsCompiled);
        }

        var whole = Beyond(await _collector.ErrorsAsync(before, cancellationToken), await _collector.ErrorsAsync(after, cancellationToken));
        if (fromFiles is not null && !Keys(fromFiles).SequenceEqual(Keys(whole)))
        {
            throw new InvalidOperationException(
                $"{after.Name}: the new errors from the changed files ({string.Join("; ", Keys(fromFiles))}) differ from the whole project's ({string.Join("; ", Keys(whole))})");
        }

        return whole;
    }

    /// <summary>
    /// Whether a compiler warning can be an error in the project: warnings as errors, a compiler warning in the
    /// WarningsAsErrors list (the SDK lists NuGet's and the libraries' own ids there by default), or an
    /// .editorconfig or global config severity. A body-only edit can change warnings outside the changed files
    /// (an appended enum member makes a switch elsewhere non-exhaustive) and some come from whole compilations
    /// only (unused fields), so such a project is compiled whole.
    /// </summary>
    private static async Task<bool> WarningsCanBeErrorsAsync(Project project, Compilation compilation, CancellationToken cancellationToken)
    {
        if (compilation.Options.GeneralDiagnosticOption == ReportDiagnostic.Error
            || compilation.Options.SpecificDiagnosticOptions.Any(o => o.Value == ReportDiagnostic.Error && o.Key.StartsWith("CS", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        foreach (var config in project.AnalyzerConfigDocuments)
        {
            if (ErrorSeverity().IsMatch((await config.GetTextAsync(cancellationToken)).ToString()))
            {
                return true;
            }
        }

        return false;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*dotnet_(diagnostic\.CS\d+\.|analyzer_diagnostic\.[^=\r\n]*)severity\s*=\s*error\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex ErrorSeverity();

    private static IEnumerable<Diagnostic> ErrorsIn(Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken) =>
        compilation.GetSemanticModel(tree).GetDiagnostics(null, cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error && !d.IsSuppressed);

    /// <summary>The errors of <paramref name="now"/> beyond those of <paramref name="was"/>, compared by <see cref="ErrorKey"/> (edits move lines).</summary>
    private static List<Diagnostic> Beyond(IEnumerable<Diagnostic> was, IEnumerable<Diagnostic> now)
    {
        var remaining = was.GroupBy(ErrorKey.Of).ToDictionary(g => g.Key, g => g.Count());
        var beyond = new List<Diagnostic>();
        foreach (var error in now)
        {
            var key = ErrorKey.Of(error);
            if (remaining.TryGetValue(key, out var count) && count > 0)
            {
                remaining[key] = count - 1;
            }
            else
            {
                beyond.Add(error);
            }
        }

        return beyond;
    }

    private static IEnumerable<string> Keys(IEnumerable<Diagnostic> errors) => errors.Select(e => ErrorKey.Of(e).ToString()).Order(StringComparer.Ordinal);

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
