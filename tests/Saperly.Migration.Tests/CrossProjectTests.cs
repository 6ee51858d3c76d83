using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Saperly.Migration.Tests
{
    /// <summary>
    /// In a workspace (IDE, MSBuildWorkspace) a type of a referenced project is a source symbol whose
    /// syntax belongs to another compilation: the analyzers must not try to bind it.
    /// </summary>
    public class CrossProjectTests
    {
        [Fact]
        public async Task TypeFromAReferencedProject_DoesNotMakeAnyAnalyzerThrow()
        {
            var references = Verifiers.TestReferences.Net80;
            var library = CSharpCompilation.Create(
                "Lib",
                new[] { CSharpSyntaxTree.ParseText("""
                    public class SaperlyGateway
                    {
                        public System.Net.Http.HttpClient Http { get; } = new System.Net.Http.HttpClient { BaseAddress = new System.Uri("https://saperly.com/api/") };
                        public string Key => System.Environment.GetEnvironmentVariable("SAPERLY_API_KEY")!;
                    }
                    """) },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var app = CSharpCompilation.Create(
                "App",
                new[] { CSharpSyntaxTree.ParseText("""
                    public class KeyAdmin
                    {
                        public System.Threading.Tasks.Task<System.Net.Http.HttpResponseMessage> Mint(SaperlyGateway gateway)
                        {
                            gateway.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", gateway.Key);
                            return gateway.Http.PostAsync("v1/keys", null);
                        }
                    }
                    """) },
                references.Add(library.ToMetadataReference()),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

            var analyzers = typeof(Saperly.Migration.Analyzers.Rules.RuleIds).Assembly.GetTypes()
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (exception, analyzer, _) => failures.Add(analyzer.GetType().Name + ": " + exception),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            var diagnostics = await app.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);

            Assert.Empty(failures);
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        }
    }
}
