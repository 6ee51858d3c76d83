using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Saperly.Migration.Tests.Shared;

namespace Saperly.Migration.Tests
{
    /// <summary>The habits every rule and fixer keeps, checked by reflection so a new rule cannot skip them.</summary>
    public class ConventionsTests
    {
        private static readonly Assembly AnalyzerAssembly = typeof(Saperly.Migration.Analyzers.Rules.RuleIds).Assembly;
        private static readonly Assembly FixAssembly = Assembly.Load("Saperly.Migration.CodeFixes");

        private static List<DiagnosticAnalyzer> Analyzers() =>
            AnalyzerAssembly.GetTypes()
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToList();

        private static List<Type> Fixers() =>
            FixAssembly.GetTypes().Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract).ToList();

        public static IEnumerable<object[]> Descriptors() =>
            Analyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => new object[] { d.Id });

        [Fact]
        public void EveryAnalyzer_IsSealed_CSharp_AndReturnsTheSameDescriptorsEachTime()
        {
            var analyzers = Analyzers();
            Assert.NotEmpty(analyzers);
            foreach (var analyzer in analyzers)
            {
                var type = analyzer.GetType();
                Assert.True(type.IsSealed, type.Name + " is not sealed");
                var attribute = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>();
                Assert.NotNull(attribute);
                Assert.Contains(LanguageNames.CSharp, attribute!.Languages);
                Assert.True(analyzer.SupportedDiagnostics == analyzer.SupportedDiagnostics, type.Name + " allocates SupportedDiagnostics per call");
            }
        }

        [Theory]
        [MemberData(nameof(Descriptors))]
        public void EveryRule_HasDocsPage_ReleaseEntry_AndHelpLink(string id)
        {
            var root = DotnetProcess.RepositoryRoot();
            var descriptor = Analyzers().SelectMany(a => a.SupportedDiagnostics).First(d => d.Id == id);
            Assert.True(File.Exists(Path.Combine(root, "docs", "rules", id + ".md")), "docs/rules/" + id + ".md is missing");
            var releases = File.ReadAllText(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Shipped.md")) +
                           File.ReadAllText(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
            Assert.Contains(id + " |", releases);
            Assert.Equal(Saperly.Migration.Analyzers.Rules.Descriptors.HelpLink(id), descriptor.HelpLinkUri);
            // The help link names the repository the packages name (SaperlyRepositoryUrl), on the branch the docs are read from.
            Assert.Equal(BuildProperty("SaperlyRepositoryUrl") + "/blob/main/docs/rules/" + id + ".md", descriptor.HelpLinkUri);
            Assert.Equal("Saperly.Migration", descriptor.Category);
            Assert.DoesNotContain("sk_live_", descriptor.MessageFormat.ToString());
        }

        /// <summary>
        /// The rules ship with the package: each is listed once, in AnalyzerReleases.Shipped.md under the release that equals
        /// the package version, and nothing is left unshipped (the analyzer's RS2000-series checks keep the rest consistent).
        /// </summary>
        [Fact]
        public void ReleaseTracking_ShipsEveryRule_InTheReleaseOfThePackageVersion()
        {
            var root = DotnetProcess.RepositoryRoot();
            var shipped = File.ReadAllLines(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Shipped.md"));
            var unshipped = File.ReadAllLines(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
            var version = BuildProperty("SaperlyPackageVersion");
            var releases = shipped.Where(l => l.StartsWith("## Release ", StringComparison.Ordinal)).Select(l => l.Substring("## Release ".Length).Trim()).ToList();
            Assert.Contains(version, releases);
            Assert.Equal(version, releases.Last());
            var ids = Analyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToList();
            var listed = shipped.Where(l => l.StartsWith("SAP", StringComparison.Ordinal)).Select(l => l.Split('|')[0].Trim()).OrderBy(i => i, StringComparer.Ordinal).ToList();
            Assert.Equal(ids, listed);
            Assert.DoesNotContain(unshipped, l => l.StartsWith("SAP", StringComparison.Ordinal));
        }

        /// <summary>
        /// The rules table is written twice, in the README and in the analyzer package's readme: each rule's row, its
        /// severity the descriptor's, is the same in both (the package's links are ../../ relative until packing).
        /// </summary>
        [Fact]
        public void RulesTables_OfTheReadmeAndThePackageReadme_ListEveryRule_Alike()
        {
            var root = DotnetProcess.RepositoryRoot();
            IReadOnlyDictionary<string, string> Rows(string file, string linkPrefix) =>
                File.ReadAllLines(Path.Combine(root, file))
                    .Where(l => l.StartsWith("| [SAP", StringComparison.Ordinal))
                    .ToDictionary(l => l.Substring(3, 6), l => l.Replace("](" + linkPrefix + "docs/", "](docs/"));
            var readme = Rows("README.md", string.Empty);
            var package = Rows(Path.Combine("src", "CodeFixes", "PACKAGE.md"), "../../");
            foreach (var descriptor in Analyzers().SelectMany(a => a.SupportedDiagnostics).GroupBy(d => d.Id).Select(g => g.First()))
            {
                Assert.True(readme.ContainsKey(descriptor.Id), "README.md has no row for " + descriptor.Id);
                Assert.Equal(readme[descriptor.Id], package[descriptor.Id]);
                Assert.Contains("| " + descriptor.DefaultSeverity.ToString().ToLowerInvariant() + " |", readme[descriptor.Id]);
            }

            Assert.Equal(readme.Keys.OrderBy(k => k, StringComparer.Ordinal), package.Keys.OrderBy(k => k, StringComparer.Ordinal));
        }

        /// <summary>An MSBuild property of the build, passed to this assembly as metadata by the test project.</summary>
        internal static string BuildProperty(string name)
        {
            var value = typeof(ConventionsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == name).Value;
            Assert.False(string.IsNullOrEmpty(value), name + " is not set");
            return value!;
        }

        [Fact]
        public void EveryFixer_IsExported_Shared_HasFixAll_AndMatchesAnAnalyzer()
        {
            var ids = Analyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet();
            foreach (var type in Fixers())
            {
                Assert.True(type.IsSealed, type.Name + " is not sealed");
                var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
                Assert.NotNull(export);
                Assert.Equal(type.Name, export!.Name);
                Assert.Contains(type.GetCustomAttributes(), a => a.GetType().FullName == "System.Composition.SharedAttribute");
                var fixer = (CodeFixProvider)Activator.CreateInstance(type)!;
                Assert.NotNull(fixer.GetFixAllProvider());
                Assert.NotEmpty(fixer.FixableDiagnosticIds);
                foreach (var id in fixer.FixableDiagnosticIds)
                {
                    Assert.Contains(id, ids);
                }
            }
        }

        /// <summary>
        /// The analyzer decides, the fixer reads: every fact a fix needs travels in the diagnostic. So the fix assembly uses
        /// none of the recognition that looks across the compilation (the shared per-compilation state, the call
        /// recognizer and its scope facts, the DI registration index, the key-origin and body recognizers), which would
        /// recompute what the analyzer decided.
        /// </summary>
        [Fact]
        public void TheFixes_NeverRunTheCompilationWideRecognition()
        {
            string[] forbidden =
            {
                "SaperlyCompilation", "CallRecognizer", "ScopeFacts", "HttpClientRegistrations", "IdempotencyKeyOrigins", "MintResults",
                "RequestBodies", "SaperlyCall", "CallShapeRecognizer", "CallShapes",
            };
            using var stream = File.OpenRead(FixAssembly.Location);
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            var used = metadata.TypeReferences
                .Select(handle => metadata.GetTypeReference(handle))
                .Select(reference => metadata.GetString(reference.Namespace) + "." + metadata.GetString(reference.Name))
                .ToList();

            // The reader does see the analyzer assembly's types the fixes do use.
            Assert.Contains("Saperly.Migration.Analyzers.Rules.CallLocations", used);
            foreach (var name in forbidden)
            {
                Assert.DoesNotContain(used, u => u.StartsWith("Saperly.Migration.Analyzers.", StringComparison.Ordinal) && u.EndsWith("." + name, StringComparison.Ordinal));
            }
        }
    }
}
