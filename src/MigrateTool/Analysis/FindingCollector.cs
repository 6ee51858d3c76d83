using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Saperly.Migration.Tool.Analysis;

/// <summary>
/// Runs the rules over every usable project with that project's own analyzer options (its
/// .editorconfig and additional files), so configured severities and options count.
/// </summary>
internal sealed class FindingCollector
{
    private readonly RuleCatalog _rules;
    private readonly EditScope _scope;
    private readonly SortedSet<string> _analyzerFailures = new(StringComparer.Ordinal);

    public FindingCollector(RuleCatalog rules, EditScope scope)
    {
        _rules = rules;
        _scope = scope;
    }

    /// <summary>Analyzer exceptions seen so far (AD0001), one line each.</summary>
    public IReadOnlyCollection<string> AnalyzerFailures => _analyzerFailures;

    public static IEnumerable<Project> Ordered(Solution solution) =>
        solution.Projects.OrderBy(p => p.FilePath, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal);

    public async Task<ImmutableArray<Finding>> CollectAsync(Solution solution, IReadOnlySet<string> ids, CancellationToken cancellationToken)
    {
        var analyzers = _rules.AnalyzersFor(ids);
        if (analyzers.IsEmpty)
        {
            return [];
        }

        var findings = new List<Finding>();
        foreach (var project in Ordered(solution).Where(p => !_scope.Skips(p)))
        {
            var compilation = await project.GetCompilationAsync(cancellationToken);
            if (compilation is null)
            {
                continue;
            }

            var projectName = project.Name;
            var options = new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                (exception, analyzer, _) => OnAnalyzerException(projectName, exception, analyzer),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false);
            var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken);
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Id == "AD0001")
                {
                    lock (_analyzerFailures)
                    {
                        _analyzerFailures.Add($"{project.Name}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
                    }

                    continue;
                }

                if (await ToFindingAsync(project, diagnostic, ids, cancellationToken) is { } finding)
                {
                    findings.Add(finding);
                }
            }
        }

        return [.. findings
            .OrderBy(f => f.FilePath, StringComparer.Ordinal)
            .ThenBy(f => f.Diagnostic.Location.SourceSpan.Start)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.ProjectName, StringComparer.Ordinal)];
    }

    private async Task<Finding?> ToFindingAsync(Project project, Diagnostic diagnostic, IReadOnlySet<string> ids, CancellationToken cancellationToken)
    {
        if (!ids.Contains(diagnostic.Id) || diagnostic.IsSuppressed || !diagnostic.Location.IsInSource)
        {
            return null;
        }

        var document = project.GetDocument(diagnostic.Location.SourceTree);
        if (document?.FilePath is null || !await _scope.CanEditAsync(document, cancellationToken))
        {
            return null;
        }

        var position = diagnostic.Location.GetLineSpan().StartLinePosition;
        return new Finding(
            diagnostic.Id,
            diagnostic.Severity,
            diagnostic.GetMessage(CultureInfo.InvariantCulture),
            document.FilePath,
            position.Line + 1,
            position.Character + 1,
            project.Name,
            document.Id,
            diagnostic);
    }

    private void OnAnalyzerException(string projectName, Exception exception, DiagnosticAnalyzer analyzer)
    {
        // Where it threw, so the rule's author can find it: the first frame outside Roslyn and the runtime.
        var frames = exception.StackTrace?.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        var frame = frames.FirstOrDefault(f => !f.StartsWith("at Microsoft.CodeAnalysis.", StringComparison.Ordinal) && !f.StartsWith("at System.", StringComparison.Ordinal))
            ?? frames.FirstOrDefault();
        lock (_analyzerFailures)
        {
            _analyzerFailures.Add($"{analyzer.GetType().Name} threw {exception.GetType().Name} in {projectName}: {exception.Message}{(frame is null ? string.Empty : $" ({frame})")}");
        }
    }
}
