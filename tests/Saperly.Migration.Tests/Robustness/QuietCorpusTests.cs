using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace Saperly.Migration.Tests.Robustness
{
    /// <summary>
    /// Issue 8: realistic code that does not talk to Saperly yields zero findings from every rule: the project's
    /// own sources (which spell /v1/keys, sk_live_ and the permission tiers all over) and look-alikes of other
    /// APIs (GitHub, Stripe, an internal vault's /v1/keys, Vonage's /v1/calls, other permission enums, lists
    /// and schemas, Idempotency-Keys and secrets of other hosts).
    /// </summary>
    public class QuietCorpusTests
    {
        private readonly ITestOutputHelper _output;

        public QuietCorpusTests(ITestOutputHelper output) => _output = output;

        public static IEnumerable<object[]> SourceProjects() =>
            RobustnessHarness.SourcesUnder("src")
                .Select(f => f.Path.Split('/')[1])
                .Distinct(StringComparer.Ordinal)
                .Select(p => new object[] { p });

        [Theory]
        [MemberData(nameof(SourceProjects))]
        public async Task OwnSources_HaveNoSaperlyFindings(string project)
        {
            var sources = RobustnessHarness.SourcesUnder("src/" + project);
            Assert.NotEmpty(sources);

            // Roslyn from the test host stands in for the package references; anything else unresolved
            // (System.CommandLine, MSBuild, Spectre) is a compile error the rules must live with.
            var roslyn = new[]
                {
                    typeof(Compilation), typeof(CSharpCompilation), typeof(Workspace),
                    typeof(Microsoft.CodeAnalysis.CSharp.Formatting.CSharpFormattingOptions), typeof(System.Composition.SharedAttribute),
                }
                .Select(t => t.Assembly.Location)
                .Distinct(StringComparer.Ordinal)
                .Select(l => (MetadataReference)MetadataReference.CreateFromFile(l));
            // The product's own assemblies stand in for its project references, under their real names so
            // InternalsVisibleTo holds (the fixes use the analyzers' internal model).
            var analyzers = typeof(Saperly.Migration.Analyzers.Rules.RuleIds).Assembly;
            var fixes = RobustnessHarness.Fixers[0].GetType().Assembly;
            var own = new[] { analyzers, fixes }
                .Where(a => !string.Equals(a.GetName().Name, AssemblyNameOf(project), StringComparison.Ordinal))
                .Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location));
            var references = (await RobustnessHarness.ReferencesAsync()).Concat(roslyn).Concat(own);
            var compilationProject = RobustnessHarness.CreateProject(sources, references, AssemblyNameOf(project), OutputKind.DynamicallyLinkedLibrary);

            await AssertQuietAsync(compilationProject, project);
        }

        private static string AssemblyNameOf(string project) => project == "MigrateTool" ? "saperly-migrate" : "Saperly.Migration." + project;

        public static IEnumerable<object[]> LookAlikeNames() => QuietLookAlikes.Sources.Keys.Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(LookAlikeNames))]
        public async Task LookAlike_HasNoSaperlyFindings(string name)
        {
            var project = RobustnessHarness.CreateProject(
                new[] { (name + ".cs", QuietLookAlikes.Sources[name]), ("GlobalUsings.g.cs", RobustnessHarness.ImplicitUsings) },
                await RobustnessHarness.ReferencesAsync(),
                name,
                OutputKind.DynamicallyLinkedLibrary);

            await AssertQuietAsync(project, name);
        }

        [Fact]
        public async Task AllLookAlikesInOneProject_HaveNoSaperlyFindings()
        {
            // Together, as an app that talks to all of these would be: one client's base address must not
            // make another's paths look like Saperly's.
            var project = RobustnessHarness.CreateProject(
                QuietLookAlikes.Sources.Select(p => (p.Key + ".cs", p.Value)).Append(("GlobalUsings.g.cs", RobustnessHarness.ImplicitUsings)),
                await RobustnessHarness.ReferencesAsync(),
                "LookAlikes",
                OutputKind.DynamicallyLinkedLibrary);

            await AssertQuietAsync(project, "all look-alikes");
        }

        private async Task AssertQuietAsync(Project project, string what)
        {
            var outcome = await RobustnessHarness.AnalyzeAsync(project);
            var compileErrors = (await project.GetCompilationAsync())!.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            var findings = outcome.Diagnostics.Where(d => d.Id.StartsWith("SAP", StringComparison.Ordinal)).Select(RobustnessHarness.Describe).ToList();
            _output.WriteLine($"{what}: {project.Documents.Count()} documents, {compileErrors} compile errors, {findings.Count} SAP findings");
            foreach (var finding in findings)
            {
                _output.WriteLine("  " + finding);
            }

            Assert.True(outcome.AnalyzerExceptions.IsEmpty, what + ": analyzer exceptions:\n" + string.Join("\n", outcome.AnalyzerExceptions));
            Assert.True(findings.Count == 0, what + " is not Saperly code but got:\n" + string.Join("\n", findings));
        }
    }
}
