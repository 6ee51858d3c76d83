using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Saperly.Migration.Bench.AnalyzerCpu;

/// <summary>
/// What the IDE pays for our analyzers after an edit: the edited document's tree replaced (a new compilation, so every
/// compilation-start action runs again), then the per-document pass the IDE runs for the open file
/// (<c>GetAnalysisResultAsync(semanticModel)</c>, our analyzers only). Two documents: one with Saperly code (the worst
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
            var wall = new List<double>();
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
                var clock = Stopwatch.StartNew();
                var model = current.GetSemanticModel(edited);
                await withAnalyzers.GetAnalysisResultAsync(model, null, CancellationToken.None);
                clock.Stop();
                if (i < warmUp)
                {
                    continue;
                }

                cpu.Add(timed.Sum(t => t.Nanoseconds) / 1e6);
                wall.Add(clock.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"  {label} ({Path.GetFileName(tree.FilePath)}): our CPU p50 {Percentile(cpu, 50):F2} ms, p95 {Percentile(cpu, 95):F2} ms, max {cpu.Max():F2} ms; the pass's wall p50 {Percentile(wall, 50):F2} ms, p95 {Percentile(wall, 95):F2} ms");
        }

        return 0;
    }

    private static double Percentile(List<double> values, int percent)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * percent / 100.0) - 1)];
    }
}
