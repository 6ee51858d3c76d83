using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Saperly.Migration.Analyzers.Rules;
using Xunit.Abstractions;

namespace Saperly.Migration.Tests.Robustness
{
    /// <summary>
    /// Issue 8: the analyzers and fixes never crash. Seeded mutants of the AgentFleet sample (and of a few
    /// Saperly snippets): tokens deleted, duplicated and swapped, files truncated, Saperly statements and
    /// members spliced in. Every analyzer runs on each mutant's project; no analyzer may throw. A sample of the
    /// findings is fixed with the first CodeAction; no fixer may throw, and the fixed text must parse no worse
    /// than the mutant did. Each mutant depends only on (seed, index), so a failure names both and prints the
    /// source: <see cref="BuildMutant"/> rebuilds it.
    /// </summary>
    public class AnalyzerFuzzTests
    {
        /// <summary>The CI seed. SAPERLY_FUZZ_SEED, SAPERLY_FUZZ_MUTANTS and SAPERLY_FUZZ_SECONDS override seed and bounds for a longer local hunt.</summary>
        public const int DefaultSeed = 20_250_508;
        private const int FixesPerMutant = 2;

        private static readonly int Seed = FromEnvironment("SAPERLY_FUZZ_SEED", DefaultSeed);
        private static readonly int MaxMutants = FromEnvironment("SAPERLY_FUZZ_MUTANTS", 240);

        /// <summary>Bounds the work on a slow or busy machine; this is not a timing assertion.</summary>
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(FromEnvironment("SAPERLY_FUZZ_SECONDS", 40));

        private readonly ITestOutputHelper _output;

        public AnalyzerFuzzTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task Mutants_NeverCrashAnAnalyzer_AndTheirFixesNeverCrashOrBreakParsing()
        {
            var references = await RobustnessHarness.ReferencesAsync();
            var corpus = Corpus();
            var clock = Stopwatch.StartNew();
            var stats = new Stats();
            var failures = new List<string>();

            // The unmutated projects first: they are what the rules are built for, so they prove the harness
            // reaches the analyzers and the fixes (a harness that finds nothing would pass vacuously).
            foreach (var project in corpus)
            {
                var original = new Mutant(-1, project.Name, project.Files[0].Path, project.Files[0].Text, project.Files[0].Text, new List<string> { "none (baseline)" });
                await CheckAsync(project, original, references, stats, failures);
            }

            var mutants = 0;
            for (var index = 0; index < MaxMutants && clock.Elapsed < Budget; index++)
            {
                var mutant = BuildMutant(corpus, Seed, index);
                await CheckAsync(corpus.First(p => p.Name == mutant.Project), mutant, references, stats, failures);
                mutants++;
            }

            _output.WriteLine($"seed {Seed}: {mutants} mutants in {clock.Elapsed.TotalSeconds:F1}s; {stats.Diagnostics} findings; " +
                              $"{stats.FixesTried} fixes tried, {stats.FixesApplied} applied; compile+analyze {stats.AnalysisTime.TotalSeconds:F1}s, fixes {stats.FixTime.TotalSeconds:F1}s; by rule: " +
                              string.Join(", ", stats.ById.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value)));

            Assert.True(failures.Count == 0, Report(failures));
            Assert.True(mutants >= 10, $"only {mutants} mutants ran within {Budget.TotalSeconds}s: the machine is far slower than expected");
            Assert.True(stats.Diagnostics > 0 && stats.FixesApplied > 0, "the fuzzer produced no findings or applied no fix: the harness is not reaching the rules");
        }

        private static int FromEnvironment(string name, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

        /// <summary>Rebuild mutant <paramref name="index"/> of <paramref name="seed"/> (for reproducing a failure).</summary>
        internal static Mutant BuildMutant(IReadOnlyList<FuzzProject> corpus, int seed, int index)
        {
            var rng = new Random(unchecked((seed * 1_000_003) + index));
            var files = corpus.SelectMany(p => p.Files.Select(f => (p.Name, f.Path, f.Text))).ToList();
            var (project, path, text) = files[rng.Next(files.Count)];
            var log = new List<string>();
            var mutated = text;
            var operations = 1 + rng.Next(3);
            for (var i = 0; i < operations; i++)
            {
                mutated = MutateOnce(mutated, rng, log);
            }

            return new Mutant(index, project, path, text, mutated, log);
        }

        internal static IReadOnlyList<FuzzProject> Corpus()
        {
            var samples = RobustnessHarness.SourcesUnder("samples/AgentFleet")
                .GroupBy(f => f.Path.Split('/')[2], StringComparer.Ordinal)
                .Select(g => new FuzzProject(g.Key, g.ToList()))
                .ToList();
            Assert.True(samples.Count >= 4, "samples/AgentFleet has fewer projects than expected: " + string.Join(", ", samples.Select(s => s.Name)));
            samples.Add(new FuzzProject("Snippets", FuzzSnippets.Files.ToList()));
            return samples;
        }

        private static string MutateOnce(string text, Random rng, List<string> log)
        {
            var root = CSharpSyntaxTree.ParseText(text, RobustnessHarness.ParseOptions).GetRoot();
            var tokens = root.DescendantTokens().Where(t => t.Span.Length > 0).ToList();
            if (tokens.Count == 0)
            {
                log.Add("append member snippet to an empty file");
                return text + "\nclass __Spliced\n{\n" + FuzzSnippets.Members[rng.Next(FuzzSnippets.Members.Count)] + "\n}\n";
            }

            var roll = rng.Next(100);
            if (roll < 20)
            {
                var t = tokens[rng.Next(tokens.Count)];
                log.Add($"delete '{t.Text}' at {t.SpanStart}");
                return text.Remove(t.SpanStart, t.Span.Length);
            }

            if (roll < 33)
            {
                var t = tokens[rng.Next(tokens.Count)];
                log.Add($"duplicate '{t.Text}' at {t.SpanStart}");
                return text.Insert(t.Span.End, " " + t.Text);
            }

            if (roll < 46)
            {
                var a = rng.Next(tokens.Count);
                var b = rng.Next(5) == 0 ? rng.Next(tokens.Count) : Math.Min(tokens.Count - 1, a + 1 + rng.Next(8));
                if (a == b)
                {
                    log.Add("swap (no-op)");
                    return text;
                }

                var (first, second) = a < b ? (tokens[a], tokens[b]) : (tokens[b], tokens[a]);
                log.Add($"swap '{first.Text}' at {first.SpanStart} with '{second.Text}' at {second.SpanStart}");
                return text.Substring(0, first.SpanStart) + second.Text +
                       text.Substring(first.Span.End, second.SpanStart - first.Span.End) + first.Text +
                       text.Substring(second.Span.End);
            }

            if (roll < 54)
            {
                var cut = rng.Next(text.Length);
                log.Add($"truncate at {cut} of {text.Length}");
                return text.Substring(0, cut);
            }

            if (roll < 84)
            {
                var snippet = rng.Next(FuzzSnippets.Statements.Count);
                var position = StatementSplicePoint(root, rng);
                if (position >= 0)
                {
                    log.Add($"splice statement snippet {snippet} at {position}");
                    return text.Insert(position, "\n" + FuzzSnippets.Statements[snippet] + "\n");
                }
            }

            var member = rng.Next(FuzzSnippets.Members.Count);
            var types = root.DescendantNodes().OfType<TypeDeclarationSyntax>().Where(t => t.OpenBraceToken.Span.Length > 0).ToList();
            if (types.Count == 0)
            {
                log.Add($"append member snippet {member} in a new class");
                return text + "\nclass __Spliced\n{\n" + FuzzSnippets.Members[member] + "\n}\n";
            }

            var type = types[rng.Next(types.Count)];
            log.Add($"splice member snippet {member} into {type.Identifier.Text} at {type.OpenBraceToken.Span.End}");
            return text.Insert(type.OpenBraceToken.Span.End, "\n" + FuzzSnippets.Members[member] + "\n");
        }

        /// <summary>Before a random statement of a random block (or top-level statement), or right after a block's brace; -1 when there is none.</summary>
        private static int StatementSplicePoint(SyntaxNode root, Random rng)
        {
            var candidates = new List<int>();
            foreach (var block in root.DescendantNodes().OfType<BlockSyntax>())
            {
                if (block.OpenBraceToken.Span.Length > 0)
                {
                    candidates.Add(block.OpenBraceToken.Span.End);
                }

                candidates.AddRange(block.Statements.Select(s => s.SpanStart));
            }

            candidates.AddRange(root.DescendantNodes().OfType<GlobalStatementSyntax>().Select(s => s.SpanStart));
            return candidates.Count == 0 ? -1 : candidates[rng.Next(candidates.Count)];
        }

        private static async Task CheckAsync(FuzzProject fuzzProject, Mutant mutant, ImmutableArray<MetadataReference> references, Stats stats, List<string> failures)
        {
            // Mutants are derived from the unmutated project, so the workspace reuses its compilation's
            // reference binding and only the mutated tree is new.
            fuzzProject.Baseline ??= RobustnessHarness.CreateProject(
                fuzzProject.Files.Append(("GlobalUsings.g.cs", RobustnessHarness.ImplicitUsings)), references, fuzzProject.Name);
            var baseline = fuzzProject.Baseline;
            var documentId = baseline.Documents.Single(d => d.FilePath == "/" + mutant.Path).Id;
            var project = baseline.Solution.WithDocumentText(documentId, SourceText.From(mutant.Text)).GetProject(baseline.Id)!;

            AnalysisOutcome analysis;
            var analysisClock = Stopwatch.StartNew();
            try
            {
                analysis = await RobustnessHarness.AnalyzeAsync(project);
                stats.AnalysisTime += analysisClock.Elapsed;
            }
            catch (Exception e)
            {
                failures.Add(Failure(mutant, "analysis threw", e.ToString()));
                return;
            }

            foreach (var exception in analysis.AnalyzerExceptions)
            {
                failures.Add(Failure(mutant, "analyzer exception", exception));
            }

            stats.Diagnostics += analysis.Diagnostics.Length;
            foreach (var d in analysis.Diagnostics)
            {
                stats.ById[d.Id] = stats.ById.TryGetValue(d.Id, out var n) ? n + 1 : 1;

                // The tool analyzes only the files RuleReach names after an edit: a finding from any other file would be lost.
                if (!d.AdditionalLocations.Prepend(d.Location).Any(l => l.SourceTree is { } tree && RuleReach.MayReport(tree, default)))
                {
                    failures.Add(Failure(mutant, "finding in a file RuleReach rules out", RobustnessHarness.Describe(d)));
                }
            }

            var fixable = analysis.Diagnostics
                .Where(d => RobustnessHarness.Fixers.Any(f => f.FixableDiagnosticIds.Contains(d.Id)))
                .ToList();
            var inMutant = fixable.Where(d => d.Location.SourceTree?.FilePath == "/" + mutant.Path).ToList();
            var pool = inMutant.Count > 0 ? inMutant : fixable;
            var rng = new Random(unchecked((Seed * 31) + mutant.Index));
            var sample = mutant.Index < 0 ? fixable : pool.OrderBy(_ => rng.Next()).Take(FixesPerMutant).ToList();

            var fixClock = Stopwatch.StartNew();
            foreach (var diagnostic in sample)
            {
                var document = project.GetDocument(diagnostic.Location.SourceTree);
                if (document == null)
                {
                    failures.Add(Failure(mutant, "diagnostic outside the project", RobustnessHarness.Describe(diagnostic)));
                    continue;
                }

                foreach (var fixer in RobustnessHarness.Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    stats.FixesTried++;
                    try
                    {
                        var actions = await RobustnessHarness.RegisterFixesAsync(fixer, document, diagnostic);
                        if (actions.Count == 0)
                        {
                            continue;
                        }

                        var changed = await RobustnessHarness.ApplyAsync(actions[0]);
                        if (changed == null)
                        {
                            continue;
                        }

                        stats.FixesApplied++;
                        foreach (var id in changed.GetChanges(project.Solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments().Concat(p.GetAddedDocuments())))
                        {
                            var after = (await changed.GetDocument(id)!.GetTextAsync()).ToString();
                            var beforeDocument = project.Solution.GetDocument(id);
                            var before = beforeDocument == null ? string.Empty : (await beforeDocument.GetTextAsync()).ToString();
                            var errorsBefore = RobustnessHarness.SyntaxErrors(before);
                            var errorsAfter = RobustnessHarness.SyntaxErrors(after);
                            if (errorsAfter > errorsBefore)
                            {
                                var newErrors = CSharpSyntaxTree.ParseText(after, RobustnessHarness.ParseOptions).GetDiagnostics()
                                    .Where(e => e.Severity == DiagnosticSeverity.Error).Take(5).Select(e => e.ToString());
                                failures.Add(Failure(mutant, $"{fixer.GetType().Name} on {RobustnessHarness.Describe(diagnostic)} added syntax errors ({errorsBefore} → {errorsAfter}) in {changed.GetDocument(id)!.FilePath}",
                                    string.Join("\n", newErrors) + "\n--- fixed text ---\n" + after));
                            }
                        }
                    }
                    catch (Exception e)
                    {
                        failures.Add(Failure(mutant, $"{fixer.GetType().Name} threw on {RobustnessHarness.Describe(diagnostic)}", e.ToString()));
                    }
                }
            }

            stats.FixTime += fixClock.Elapsed;
        }

        private static string Failure(Mutant mutant, string what, string detail) =>
            $"seed {Seed}, mutant #{mutant.Index} ({mutant.Project} {mutant.Path}; {string.Join("; ", mutant.Log)}): {what}\n{detail}\n--- mutant source ({mutant.Path}) ---\n{mutant.Text}\n--- end ---";

        private static string Report(List<string> failures)
        {
            var text = new StringBuilder();
            text.AppendLine($"{failures.Count} failure(s). Rebuild a mutant with AnalyzerFuzzTests.BuildMutant(Corpus(), seed, index).");
            foreach (var failure in failures.Take(4))
            {
                text.AppendLine(failure);
            }

            foreach (var failure in failures.Skip(4))
            {
                text.AppendLine(failure.Substring(0, failure.IndexOf('\n')));
            }

            return text.ToString();
        }

        internal sealed class FuzzProject
        {
            public FuzzProject(string name, List<(string Path, string Text)> files)
            {
                Name = name;
                Files = files;
            }

            public string Name { get; }

            public List<(string Path, string Text)> Files { get; }

            /// <summary>The unmutated project, created on first use.</summary>
            public Project? Baseline { get; set; }
        }

        internal sealed class Mutant
        {
            public Mutant(int index, string project, string path, string original, string text, List<string> log)
            {
                Index = index;
                Project = project;
                Path = path;
                Original = original;
                Text = text;
                Log = log;
            }

            public int Index { get; }

            public string Project { get; }

            public string Path { get; }

            public string Original { get; }

            public string Text { get; }

            public List<string> Log { get; }
        }

        private sealed class Stats
        {
            public int Diagnostics;
            public int FixesTried;
            public int FixesApplied;
            public TimeSpan AnalysisTime;
            public TimeSpan FixTime;
            public readonly Dictionary<string, int> ById = new Dictionary<string, int>();
        }
    }
}
