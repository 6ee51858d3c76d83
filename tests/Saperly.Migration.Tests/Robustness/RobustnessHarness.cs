using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Saperly.Migration.Tests.Verifiers;

namespace Saperly.Migration.Tests.Robustness
{
    /// <summary>
    /// What the robustness tests share: every analyzer and fixer the product ships (found by reflection, so a
    /// new rule is covered without touching these tests), the resolved reference assemblies, an in-memory
    /// project, analysis that surfaces analyzer exceptions instead of swallowing them, and one fix applied
    /// the way the batch tools apply it (the first CodeAction).
    /// </summary>
    internal static class RobustnessHarness
    {
        public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
            typeof(Saperly.Migration.Analyzers.Rules.RuleIds).Assembly.GetTypes()
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        public static readonly ImmutableArray<CodeFixProvider> Fixers =
            Assembly.Load("Saperly.Migration.CodeFixes").GetTypes()
                .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        /// <summary>The implicit usings of an SDK project (the samples set ImplicitUsings) plus the test's usual ones.</summary>
        public static readonly string ImplicitUsings = TestReferences.GlobalUsings + "\nglobal using System.IO;\n";

        private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> ResolvedReferences =
            new Lazy<Task<ImmutableArray<MetadataReference>>>(() => Task.FromResult(TestReferences.Net80));

        /// <summary>.NET 8 reference assemblies plus the Microsoft.Extensions packages, resolved once per test run.</summary>
        public static Task<ImmutableArray<MetadataReference>> ReferencesAsync() => ResolvedReferences.Value;

        public static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Saperly.Migration.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Saperly.Migration.sln not found above " + AppContext.BaseDirectory);
        }

        /// <summary>The .cs files under a folder, bin/obj excluded, in a stable order (relative paths with '/').</summary>
        public static List<(string Path, string Text)> SourcesUnder(string folder)
        {
            var root = RepositoryRoot();
            var full = Path.Combine(root, folder);
            return Directory.EnumerateFiles(full, "*.cs", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
                .Where(p => !p.Split('/').Any(s => s == "bin" || s == "obj"))
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (p, File.ReadAllText(Path.Combine(root, p))))
                .ToList();
        }

        /// <summary>An in-memory C# project (an executable unless told, nullable enabled, latest language version) with these documents.</summary>
        public static Project CreateProject(IEnumerable<(string Path, string Text)> sources, IEnumerable<MetadataReference> references, string name = "Robustness", OutputKind outputKind = OutputKind.ConsoleApplication)
        {
            var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId(name);
            var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                name,
                name,
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: ParseOptions,
                metadataReferences: references));
            foreach (var (path, text) in sources)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId, path), Path.GetFileName(path), SourceText.From(text), filePath: "/" + path);
            }

            return solution.GetProject(projectId)!;
        }

        /// <summary>Run every analyzer; analyzer exceptions (and any AD0001 the driver reports) come back as text, never swallowed.</summary>
        public static async Task<AnalysisOutcome> AnalyzeAsync(Project project, CancellationToken cancellationToken = default)
        {
            var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            var exceptions = new ConcurrentQueue<string>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, diagnostic) =>
                    exceptions.Enqueue(analyzer.GetType().Name + " threw " + exception),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            var withAnalyzers = compilation.WithAnalyzers(Analyzers, options);
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var ad in diagnostics.Where(d => d.Id.StartsWith("AD", StringComparison.Ordinal)))
            {
                exceptions.Enqueue(ad.Id + ": " + ad.GetMessage());
            }

            var ordered = diagnostics
                .Where(d => !d.Id.StartsWith("AD", StringComparison.Ordinal))
                .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ThenBy(d => d.Id, StringComparer.Ordinal)
                .ToImmutableArray();
            return new AnalysisOutcome(ordered, exceptions.Distinct().ToImmutableArray());
        }

        /// <summary>The CodeActions a fixer registers for one diagnostic.</summary>
        public static async Task<List<CodeAction>> RegisterFixesAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic, CancellationToken cancellationToken = default)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
            await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            return actions;
        }

        /// <summary>The solution the first CodeAction produces (as a batch tool would apply it), or null when it changes nothing.</summary>
        public static async Task<Solution?> ApplyAsync(CodeAction action, CancellationToken cancellationToken = default)
        {
            var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
            return operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
        }

        /// <summary>Syntax errors of a text parsed fresh with the project's parse options.</summary>
        public static int SyntaxErrors(string text) =>
            CSharpSyntaxTree.ParseText(text, ParseOptions).GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

        public static string Describe(Diagnostic diagnostic)
        {
            var span = diagnostic.Location.GetLineSpan();
            return $"{diagnostic.Id} {span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {diagnostic.GetMessage()}";
        }
    }

    internal sealed class AnalysisOutcome
    {
        public AnalysisOutcome(ImmutableArray<Diagnostic> diagnostics, ImmutableArray<string> analyzerExceptions)
        {
            Diagnostics = diagnostics;
            AnalyzerExceptions = analyzerExceptions;
        }

        public ImmutableArray<Diagnostic> Diagnostics { get; }

        public ImmutableArray<string> AnalyzerExceptions { get; }
    }
}
