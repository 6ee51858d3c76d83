using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Tests.Robustness;
using Saperly.Migration.Tests.Verifiers;

namespace Saperly.Migration.Tests.Libraries
{
    /// <summary>
    /// Every rule run over one source compiled against a client library, each finding written as its rule and the code it
    /// is reported on (<c>SAP001 client.PostJsonAsync(body)</c>), so that a test lists what a developer would see.
    /// </summary>
    internal static class LibraryFindings
    {
        public static async Task<IReadOnlyList<string>> OfAsync(string source, ImmutableArray<MetadataReference> library, ImmutableArray<MetadataReference>? framework = null)
        {
            var project = RobustnessHarness.CreateProject(
                new[] { ("Test.cs", source), ("GlobalUsings.cs", TestReferences.GlobalUsings) }, (framework ?? TestReferences.Net80).AddRange(library), outputKind: OutputKind.DynamicallyLinkedLibrary);
            var errors = (await project.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "the test source does not compile:\n" + string.Join("\n", errors));
            var outcome = await RobustnessHarness.AnalyzeAsync(project);
            Assert.Empty(outcome.AnalyzerExceptions);
            return outcome.Diagnostics
                .OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, System.StringComparer.Ordinal)
                .Select(d => d.Id + " " + Flatten(d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)))
                .ToList();
        }

        /// <summary>The code a finding is on, on one line: a chain written over several lines reads as one.</summary>
        private static string Flatten(string code) =>
            string.Join(" ", code.Split('\n').Select(l => l.Trim())).Replace("( ", "(").Replace(" .", ".");
    }
}
