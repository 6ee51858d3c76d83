using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Tool.Hosting;

namespace Saperly.Migration.Tool.Analysis;

/// <summary>
/// Analyzes projects with each project's own analyzer options (its .editorconfig and additional files),
/// so configured severities and options count. When the rules say which files they can report in
/// (<see cref="RuleCatalog.Reach"/>), only those files are analyzed and the rest of the project is not
/// compiled; otherwise one pass over the whole project gives both the compiler's errors and the rules'
/// diagnostics. The result is kept per compilation: a project whose documents and references did not
/// change between two solutions keeps its compilation, so it is analyzed once however often it is asked
/// about. The compile gate asks for compiler errors separately (<see cref="ErrorsAsync"/>), also once per
/// compilation. Projects are analyzed concurrently, at most one per processor.
/// </summary>
internal sealed class FindingCollector
{
    private readonly RuleCatalog _rules;
    private readonly EditScope _scope;
    private readonly IReadOnlySet<string> _ids;
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private readonly HashSet<string> _analyzerIds;
    private readonly ConditionalWeakTable<Compilation, Task<ProjectAnalysis>> _cache = new();
    private readonly ConditionalWeakTable<Compilation, Task<ImmutableArray<Diagnostic>>> _errors = new();
    private readonly bool _checkAgainstFull;
    private readonly SortedSet<string> _analyzerFailures = new(StringComparer.Ordinal);

    /// <param name="checkAgainstFull">Test seam: every analysis of the files within reach is compared with a whole-project analysis, and a difference throws.</param>
    public FindingCollector(RuleCatalog rules, EditScope scope, IReadOnlySet<string> ids, bool checkAgainstFull = false)
    {
        _rules = rules;
        _checkAgainstFull = checkAgainstFull;
        _scope = scope;
        _ids = ids;
        _analyzers = rules.AnalyzersFor(ids);
        _analyzerIds = [.. _analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id), "AD0001"];
    }

    /// <summary>Analyzer exceptions seen so far (AD0001), one line each.</summary>
    public IReadOnlyCollection<string> AnalyzerFailures
    {
        get
        {
            lock (_analyzerFailures)
            {
                return [.. _analyzerFailures];
            }
        }
    }

    /// <summary>How many project states were compiled and analyzed (each at most once).</summary>
    public int Analyses => _analyses;

    private int _analyses;

    public static IEnumerable<Project> Ordered(Solution solution) =>
        solution.Projects.OrderBy(p => p.FilePath, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal);

    /// <summary>Runs <paramref name="body"/> over the projects, at most one per processor at a time.</summary>
    public static Task ForEachAsync(IEnumerable<Project> projects, Func<Project, CancellationToken, ValueTask> body, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(projects, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, body);

    /// <summary>The project's compiler errors and rule diagnostics at this state: computed once per compilation.</summary>
    public async Task<ProjectAnalysis> AnalyzeAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken)
            ?? throw new InvalidOperationException($"{project.Name} has no compilation");
        Task<ProjectAnalysis> task;
        lock (_cache)
        {
            // A cancelled or failed analysis is not an answer: the next caller runs it again. Started on
            // the thread pool: the compile runs synchronously for most of its length and must not hold
            // the lock, or the projects would be analyzed one at a time.
            if (!_cache.TryGetValue(compilation, out task!) || task.IsCanceled || task.IsFaulted)
            {
                task = Task.Run(() => RunAsync(project, compilation, cancellationToken), cancellationToken);
                _cache.AddOrUpdate(compilation, task);
            }
        }

        return await task;
    }

    /// <summary>The findings of every usable project, in a fixed order.</summary>
    public async Task<ImmutableArray<Finding>> CollectAsync(Solution solution, CancellationToken cancellationToken)
    {
        if (_analyzers.IsEmpty)
        {
            return [];
        }

        var findings = new ConcurrentBag<Finding>();
        await ForEachAsync(Ordered(solution).Where(p => !_scope.Skips(p)), async (project, token) =>
        {
            var analysis = await AnalyzeAsync(project, token);
            foreach (var diagnostic in analysis.Diagnostics)
            {
                if (await ToFindingAsync(project, diagnostic, token) is { } finding)
                {
                    findings.Add(finding);
                }
            }
        }, cancellationToken);

        return [.. findings
            .OrderBy(f => f.FilePath, StringComparer.Ordinal)
            .ThenBy(f => f.Diagnostic.Location.SourceSpan.Start)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.ProjectName, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Fresh findings of some documents at this solution state, from each document's own analysis (its
    /// syntax and semantic diagnostics) rather than its whole project's: what a fix loop needs after an
    /// edit moved the spans of the findings it holds for those documents.
    /// </summary>
    public async Task<ImmutableArray<Finding>> CollectDocumentsAsync(Solution solution, IEnumerable<DocumentId> documents, CancellationToken cancellationToken)
    {
        if (_analyzers.IsEmpty)
        {
            return [];
        }

        var findings = new List<Finding>();
        foreach (var group in documents.Distinct().GroupBy(d => d.ProjectId).OrderBy(g => solution.GetProject(g.Key)?.Name, StringComparer.Ordinal))
        {
            if (solution.GetProject(group.Key) is not { } project || _scope.Skips(project) || await project.GetCompilationAsync(cancellationToken) is not { } compilation)
            {
                continue;
            }

            var wanted = new HashSet<SyntaxTree>();
            foreach (var id in group)
            {
                if (project.GetDocument(id) is { } document && await document.GetSyntaxTreeAsync(cancellationToken) is { } tree)
                {
                    wanted.Add(tree);
                }
            }

            IEnumerable<Diagnostic> diagnostics;
            if (_cache.TryGetValue(compilation, out var done) && done.IsCompletedSuccessfully)
            {
                diagnostics = done.Result.Diagnostics.Where(d => d.Location.SourceTree is { } tree && wanted.Contains(tree));
            }
            else
            {
                var analysis = ForAnalysis(compilation).WithAnalyzers(_analyzers, Options(project));
                var found = new List<Diagnostic>();
                foreach (var tree in wanted.OrderBy(t => t.FilePath, StringComparer.Ordinal))
                {
                    found.AddRange(await analysis.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken));
                    found.AddRange(await analysis.GetAnalyzerSemanticDiagnosticsAsync(analysis.Compilation.GetSemanticModel(tree), null, cancellationToken));
                }

                diagnostics = WithoutFailures(project, found);
            }

            foreach (var diagnostic in diagnostics)
            {
                if (await ToFindingAsync(project, diagnostic, cancellationToken) is { } finding)
                {
                    findings.Add(finding);
                }
            }
        }

        return [.. findings];
    }

    private async Task<ProjectAnalysis> RunAsync(Project project, Compilation compilation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _analyses);
        var analyzed = ForAnalysis(compilation);
        if (_rules.Reach is not { } reach || _analyzers.IsEmpty)
        {
            return await FullAsync(project, analyzed, cancellationToken);
        }

        var analysis = await WithinReachAsync(project, analyzed, reach, cancellationToken);
        if (_checkAgainstFull)
        {
            Compare(project, analysis, await FullAsync(project, analyzed.Clone(), cancellationToken));
        }

        return analysis;
    }

    /// <summary>Compiles the whole project and runs the rules over it: the compiler's errors and the rule diagnostics.</summary>
    private async Task<ProjectAnalysis> FullAsync(Project project, Compilation analyzed, CancellationToken cancellationToken)
    {
        if (_analyzers.IsEmpty)
        {
            return new ProjectAnalysis(Errors(analyzed.GetDiagnostics(cancellationToken)), []);
        }

        // One pass binds every method body once and feeds both the compiler's diagnostics and the analyzers.
        var all = await analyzed.WithAnalyzers(_analyzers, Options(project)).GetAllDiagnosticsAsync(cancellationToken);
        var compiler = all.Where(d => !IsAnalyzers(d));
        return new ProjectAnalysis(Errors(compiler), [.. WithoutFailures(project, all.Where(IsAnalyzers))]);
    }

    /// <summary>
    /// The rule diagnostics from the files the rules can report in (<see cref="RuleCatalog.Reach"/>), each analyzed on
    /// its own: every rule action runs on one file, so the union is what a whole-project analysis reports, while
    /// only those files' method bodies are bound. Nothing else is compiled, so the analysis has no compiler errors:
    /// the compile gate asks for the errors it needs (<see cref="ErrorsAsync"/>).
    /// </summary>
    private async Task<ProjectAnalysis> WithinReachAsync(Project project, Compilation analyzed, Func<SyntaxTree, CancellationToken, bool> reach, CancellationToken cancellationToken)
    {
        var withAnalyzers = analyzed.WithAnalyzers(_analyzers, Options(project));
        var found = await AnalyzeFilesAsync(withAnalyzers, analyzed.SyntaxTrees.Where(t => reach(t, cancellationToken)), cancellationToken);
        return new ProjectAnalysis(null, [.. WithoutFailures(project, found.Where(IsAnalyzers))]);
    }

    /// <summary>The analyzers' diagnostics from each of the files, each analyzed on its own (syntax, then semantics).</summary>
    internal static async Task<IReadOnlyCollection<Diagnostic>> AnalyzeFilesAsync(CompilationWithAnalyzers withAnalyzers, IEnumerable<SyntaxTree> trees, CancellationToken cancellationToken)
    {
        var found = new HashSet<Diagnostic>();
        foreach (var tree in trees)
        {
            found.UnionWith((await withAnalyzers.GetAnalysisResultAsync(tree, cancellationToken)).GetAllDiagnostics());
            found.UnionWith((await withAnalyzers.GetAnalysisResultAsync(withAnalyzers.Compilation.GetSemanticModel(tree), null, cancellationToken)).GetAllDiagnostics());
        }

        return found;
    }

    /// <summary>
    /// The project's compiler errors at this state, from the whole compilation: computed once per compilation, and
    /// taken from the project's analysis when that compiled the whole project.
    /// </summary>
    public async Task<ImmutableArray<Diagnostic>> ErrorsAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken)
            ?? throw new InvalidOperationException($"{project.Name} has no compilation");
        if (_cache.TryGetValue(compilation, out var done) && done.IsCompletedSuccessfully && done.Result.Errors is { } known)
        {
            return known;
        }

        Task<ImmutableArray<Diagnostic>> task;
        lock (_errors)
        {
            if (!_errors.TryGetValue(compilation, out task!) || task.IsCanceled || task.IsFaulted)
            {
                task = Task.Run(() => Errors(ForAnalysis(compilation).GetDiagnostics(cancellationToken)), cancellationToken);
                _errors.AddOrUpdate(compilation, task);
            }
        }

        return await task;
    }

    /// <summary>Test seam: the analysis from the files within reach must report what a whole-project analysis reports.</summary>
    private static void Compare(Project project, ProjectAnalysis withinReach, ProjectAnalysis full)
    {
        static string[] Lines(IEnumerable<Diagnostic> diagnostics) =>
            [.. diagnostics.Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath}{d.Location.GetLineSpan().Span} {d.GetMessage(CultureInfo.InvariantCulture)}").Order(StringComparer.Ordinal)];

        var (mine, theirs) = (Lines(withinReach.Diagnostics), Lines(full.Diagnostics));
        if (!mine.SequenceEqual(theirs))
        {
            throw new InvalidOperationException(
                $"{project.Name}: the rule diagnostics from the files within reach differ from a whole-project analysis's:\n  within reach: {string.Join("\n    ", mine)}\n  whole project: {string.Join("\n    ", theirs)}");
        }
    }

    /// <summary>
    /// The solution with each C# project's compilation options set the way <see cref="ForAnalysis"/> would set
    /// them. The analysis then binds the project's own compilation, and the fixers, which read a document's
    /// semantic model and the rules' call recognition from that compilation, find it bound and recognized
    /// instead of binding a second copy that differs only in nullable flow analysis. Parses every document
    /// (concurrently, at most one project per processor), which the analysis would do anyway.
    /// </summary>
    public static async Task<Solution> WithAnalysisOptionsAsync(Solution solution, CancellationToken cancellationToken)
    {
        var options = new ConcurrentDictionary<ProjectId, CompilationOptions>();
        await ForEachAsync(solution.Projects.Where(p => p.Language == LanguageNames.CSharp), async (project, token) =>
        {
            if (await project.GetCompilationAsync(token) is { } compilation && ForAnalysis(compilation) is var analyzed && !ReferenceEquals(analyzed, compilation))
            {
                options[project.Id] = analyzed.Options;
            }
        }, cancellationToken);

        foreach (var (id, changed) in options.OrderBy(o => o.Key.Id))
        {
            solution = solution.WithProjectCompilationOptions(id, changed);
        }

        return solution;
    }

    /// <summary>
    /// The compilation to analyze: the project's own, or the same without nullable flow analysis (its
    /// annotations kept) when no nullable warning of the project can be an error. That analysis is a large
    /// part of binding a method body and only ever yields warnings, which the compile gate does not
    /// compare; the rules do not read flow state. Same syntax trees, so every location is the project's.
    /// </summary>
    internal static Compilation ForAnalysis(Compilation compilation)
    {
        if (compilation is not CSharpCompilation csharp
            || !SpeedMechanisms.IsOn(SpeedMechanisms.Nullable)
            || csharp.Options.NullableContextOptions is not (NullableContextOptions.Enable or NullableContextOptions.Warnings)
            || WarningsCanBeErrors(csharp))
        {
            return compilation;
        }

        return csharp.WithOptions(csharp.Options.WithNullableContextOptions(
            csharp.Options.NullableContextOptions == NullableContextOptions.Enable ? NullableContextOptions.Annotations : NullableContextOptions.Disable));
    }

    /// <summary>
    /// Whether a compiler warning of the CS8xxx range (the nullable ones among them) may be reported as an
    /// error: warnings as errors, a WarningsAsErrors list, or an .editorconfig severity.
    /// </summary>
    private static bool WarningsCanBeErrors(CSharpCompilation compilation)
    {
        if (compilation.Options.GeneralDiagnosticOption == ReportDiagnostic.Error
            || compilation.Options.SpecificDiagnosticOptions.Any(o => o.Value == ReportDiagnostic.Error && o.Key.StartsWith("CS8", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // .editorconfig severities reach the compiler through the syntax tree options, not the analyzer options.
        if (compilation.Options.SyntaxTreeOptionsProvider is not { } severities)
        {
            return false;
        }

        foreach (var id in CompilerWarningIds)
        {
            if ((severities.TryGetGlobalDiagnosticValue(id, CancellationToken.None, out var global) && global == ReportDiagnostic.Error)
                || compilation.SyntaxTrees.Any(tree => severities.TryGetDiagnosticValue(tree, id, CancellationToken.None, out var local) && local == ReportDiagnostic.Error))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>CS8600-CS8899: the compiler's nullable warnings and their neighbours.</summary>
    private static readonly string[] CompilerWarningIds = [.. Enumerable.Range(8600, 300).Select(n => $"CS{n}")];

    private CompilationWithAnalyzersOptions Options(Project project)
    {
        var projectName = project.Name;
        return new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            (exception, analyzer, _) => OnAnalyzerException(projectName, exception, analyzer),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
    }

    private bool IsAnalyzers(Diagnostic diagnostic) =>
        diagnostic.Id == "AD0001" || (_analyzerIds.Contains(diagnostic.Id) && !diagnostic.Descriptor.CustomTags.Contains(WellKnownDiagnosticTags.Compiler));

    /// <summary>The rule diagnostics, with analyzer exceptions (AD0001) taken out and recorded.</summary>
    private IEnumerable<Diagnostic> WithoutFailures(Project project, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Id != "AD0001")
            {
                yield return diagnostic;
                continue;
            }

            lock (_analyzerFailures)
            {
                _analyzerFailures.Add($"{project.Name}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static ImmutableArray<Diagnostic> Errors(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !d.IsSuppressed)];

    private async Task<Finding?> ToFindingAsync(Project project, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!_ids.Contains(diagnostic.Id) || diagnostic.IsSuppressed || !diagnostic.Location.IsInSource)
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
