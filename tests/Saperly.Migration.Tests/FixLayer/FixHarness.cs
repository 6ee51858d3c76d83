using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Saperly.Migration.Tests.Robustness;
using Saperly.Migration.Tests.Verifiers;

namespace Saperly.Migration.Tests.FixLayer
{
    /// <summary>
    /// One source, analyzed with every rule, one rule's Fix All applied the way a batch tool applies it (the fixer's own
    /// provider, the code action's operations with their clean-up), and the result compiled and analyzed again.
    /// </summary>
    internal sealed class FixRun
    {
        private FixRun(string before, string after, ImmutableArray<Diagnostic> found, ImmutableArray<Diagnostic> left, ImmutableArray<Diagnostic> errorsBefore, ImmutableArray<Diagnostic> errorsAfter)
        {
            Before = before;
            After = after;
            Found = found;
            Left = left;
            ErrorsBefore = errorsBefore;
            ErrorsAfter = errorsAfter;
        }

        public string Before { get; }
        public string After { get; }

        /// <summary>The rule's diagnostics before the fix.</summary>
        public ImmutableArray<Diagnostic> Found { get; }

        /// <summary>The rule's diagnostics after it.</summary>
        public ImmutableArray<Diagnostic> Left { get; }

        public ImmutableArray<Diagnostic> ErrorsBefore { get; }
        public ImmutableArray<Diagnostic> ErrorsAfter { get; }

        public override string ToString() =>
            "--- before ---\n" + Before + "\n--- after ---\n" + After + "\n--- errors after ---\n" + string.Join("\n", ErrorsAfter.Select(RobustnessHarness.Describe)) +
            "\n--- left ---\n" + string.Join("\n", Left.Select(RobustnessHarness.Describe));

        public static async Task<FixRun> RunAsync(string source, string ruleId, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary, bool globalUsings = true, IEnumerable<MetadataReference>? libraries = null, ImmutableArray<MetadataReference>? framework = null)
        {
            var sources = globalUsings ? new[] { ("Test.cs", source), ("GlobalUsings.cs", TestReferences.GlobalUsings) } : new[] { ("Test.cs", source) };
            var project = RobustnessHarness.CreateProject(sources, (framework ?? TestReferences.Net80).AddRange(libraries ?? Enumerable.Empty<MetadataReference>()), outputKind: outputKind);
            var document = project.Documents.Single(d => d.Name == "Test.cs");
            var found = (await RobustnessHarness.AnalyzeAsync(project)).Diagnostics.Where(d => d.Id == ruleId).ToImmutableArray();
            var errorsBefore = await ErrorsAsync(project);
            var fixer = RobustnessHarness.Fixers.Single(f => f.FixableDiagnosticIds.Contains(ruleId));

            var after = project.Solution;
            if (!found.IsEmpty)
            {
                var provider = fixer.GetFixAllProvider()!;
                var context = new FixAllContext(document, fixer, FixAllScope.Document, ruleId, new[] { ruleId }, new Provider(found), CancellationToken.None);
                var action = await provider.GetFixAsync(context);
                after = action == null ? after : (await RobustnessHarness.ApplyAsync(action)) ?? after;
            }

            var fixedProject = after.GetProject(project.Id)!;
            var fixedText = (await fixedProject.GetDocument(document.Id)!.GetTextAsync()).ToString();
            var left = (await RobustnessHarness.AnalyzeAsync(fixedProject)).Diagnostics.Where(d => d.Id == ruleId).ToImmutableArray();
            return new FixRun(source, fixedText, found, left, errorsBefore, await ErrorsAsync(fixedProject));
        }

        private static async Task<ImmutableArray<Diagnostic>> ErrorsAsync(Project project) =>
            (await project.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();

        private sealed class Provider : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<Diagnostic> _diagnostics;

            public Provider(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

            public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult(Enumerable.Empty<Diagnostic>());

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
        }
    }
}
