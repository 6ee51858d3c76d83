using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Saperly.Migration.Bench.AnalyzerCpu;

/// <summary>
/// What the IDE pays for our analyzers after an edit: the edited document's tree replaced (a new compilation, so every
/// compilation-start action runs again), then the per-document pass the IDE runs for the open file: counted as the CPU
/// of our compilation-start actions plus that of our semantic-model actions on the edited document, in an analysis of
/// the whole new compilation. Work a rule caches per compilation is booked to the file that asks first (the edited
/// documents here are the first files of the project, and of its Saperly files, so they are booked most of it). Two documents: one with Saperly code (the worst
/// case, a call is recognized) and one without (the common case: most files of a solution).
/// </summary>
internal static class IdePass
{
    public static async Task<int> RunAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, List<CpuTimedAnalyzer> timed, AnalyzerOptions options, int edits, int warmUp)
    {
        var trees = compilation.SyntaxTrees.Where(t => !string.IsNullOrEmpty(t.FilePath) && !t.FilePath.Contains("obj", StringComparison.Ordinal)).ToList();
        var saperly = trees.FirstOrDefault(t => t.GetText().ToString().Contains("saperly", StringComparison.OrdinalIgnoreCase) && t.GetText().ToString().Contains("v1/keys", StringComparison.Ordinal));
        var plain = trees.FirstOrDefault(t => !t.GetText().ToString().Contains("saperly", StringComparison.OrdinalIgnoreCase));
        Console.WriteLine($"{trees.Count} files; {edits} edits per document, the first {warmUp} not counted");
        foreach (var (label, tree) in new[] { ("with Saperly code", saperly), ("without Saperly code", plain) })
        {
            if (tree is null)
            {
                Console.WriteLine($"  no document {label}");
                continue;
            }

            var cpu = new List<double>();
            var starts = new List<double>();
            var perRule = timed.ToDictionary(t => t, _ => new List<double>());
            var found = 0;
            var current = compilation;
            var edited = tree;
            for (var i = 0; i < edits; i++)
            {
                // Typing at the end of the file: a new tree and a new compilation, as the IDE gets them.
                var text = edited.GetText();
                var next = edited.WithChangedText(text.WithChanges(new TextChange(new TextSpan(text.Length, 0), $"// edit {i}\n")));
                current = current.ReplaceSyntaxTree(edited, next);
                edited = next;

                timed.ForEach(t => t.Reset());
                var withAnalyzers = current.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(options, null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));

                // The whole compilation is analyzed (its per-document pass gave no diagnostics of ours in this harness);
                // the IDE's pass over the edited document runs what is counted: every compilation-start action, and the
                // semantic-model actions of that document.
                var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
                found = diagnostics.Count(d => d.Id.StartsWith("SAP", StringComparison.Ordinal) && d.Location.SourceTree == edited);
                if (i < warmUp)
                {
                    continue;
                }

                var documentPass = timed.Sum(t => t.StartNanoseconds + t.PerTree.GetValueOrDefault(edited)) / 1e6;
                starts.Add(timed.Sum(t => t.StartNanoseconds) / 1e6);
                timed.ForEach(t => perRule[t].Add((t.StartNanoseconds + t.PerTree.GetValueOrDefault(edited)) / 1e6));
                cpu.Add(documentPass);
            }

            Console.WriteLine($"  {label} ({Path.GetFileName(tree.FilePath)}): {found} SAP diagnostics; our CPU for the document's pass p50 {Percentile(cpu, 50):F2} ms, p95 {Percentile(cpu, 95):F2} ms, max {cpu.Max():F2} ms (of it compilation start p50 {Percentile(starts, 50):F2} ms)");
            Console.WriteLine("    per rule (CPU ms, p50): " + string.Join(", ", perRule.OrderByDescending(kv => Percentile(kv.Value, 50)).Select(kv => $"{kv.Key.Inner.SupportedDiagnostics[0].Id} {Percentile(kv.Value, 50):F2}")));
        }

        return 0;
    }

    private static double Percentile(List<double> values, int percent)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * percent / 100.0) - 1)];
    }
}
