using System;
using System.IO;
using System.Linq;
using Saperly.Migration.Tool.Cli;
using Saperly.Migration.Tool.Reports;
using Saperly.Migration.Tool.Text;
using Saperly.Migration.Tool.Writing;

namespace Saperly.Migration.Tool.Output;

/// <summary>What a person sees at the end of a run: the diffs, a summary table, problems and manual steps.</summary>
internal static class ConsoleReport
{
    public static void Write(MigrationResult result, MigrateSettings settings, TextWriter output, TextWriter error)
    {
        foreach (var problem in result.Problems)
        {
            error.WriteLine($"warning: {problem}");
        }

        if (settings.Verbosity == Verbosity.Quiet)
        {
            output.WriteLine(StatusLine(result, settings));
            return;
        }

        foreach (var change in result.AppliedChanges)
        {
            output.Write(UnifiedDiff.Render(change.RelativePath, change.OriginalText, change.NewText));
        }

        WriteTable(result, settings.Check ? "Fixable" : "Fixed", output);
        var remaining = result.Findings.Where(f => !f.Fixed).ToList();
        if (remaining.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Not fixed automatically:");
            foreach (var f in remaining)
            {
                var help = f.HelpUri.Length > 0 ? $" ({f.HelpUri})" : string.Empty;
                output.WriteLine($"  {f.RuleId} {f.File}({f.Line},{f.Column}): {f.Message}. What to do: {f.WhatToDo}{help}");
            }
        }
        if (result.ManualSteps.Steps.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Manual steps (code cannot do these):");
            foreach (var step in result.ManualSteps.Steps)
            {
                output.WriteLine($"  - {step}");
            }
        }

        output.WriteLine();
        output.WriteLine(StatusLine(result, settings));
    }

    private static void WriteTable(MigrationResult result, string fixedColumn, TextWriter output)
    {
        output.WriteLine();
        if (result.Findings.Count == 0)
        {
            output.WriteLine("No findings.");
            return;
        }

        var rows = result.ByRuleAndProject().Select(r => (r.Rule, r.Project, r.Findings.ToString(), r.Fixed.ToString(), (r.Findings - r.Fixed).ToString())).ToList();
        rows.Add(("total", string.Empty, result.Findings.Count.ToString(), result.FixedCount.ToString(), result.RemainingCount.ToString()));
        var header = ("Rule", "Project", "Findings", fixedColumn, "Not fixable automatically");
        var w1 = Math.Max(header.Item1.Length, rows.Max(r => r.Item1.Length));
        var w2 = Math.Max(header.Item2.Length, rows.Max(r => r.Item2.Length));
        var w3 = Math.Max(header.Item3.Length, rows.Max(r => r.Item3.Length));
        var w4 = Math.Max(header.Item4.Length, rows.Max(r => r.Item4.Length));
        void Row((string, string, string, string, string) r) =>
            output.WriteLine($"{r.Item1.PadRight(w1)}  {r.Item2.PadRight(w2)}  {r.Item3.PadLeft(w3)}  {r.Item4.PadLeft(w4)}  {r.Item5.PadLeft(header.Item5.Length)}");
        Row(header);
        output.WriteLine(new string('-', w1 + w2 + w3 + w4 + header.Item5.Length + 8));
        rows.ForEach(Row);
    }

    private static string StatusLine(MigrationResult result, MigrateSettings settings)
    {
        var applied = result.AppliedChanges.Count();
        var files = applied == 1 ? "1 file" : $"{applied} files";
        var what = settings switch
        {
            { Check: true } => result.Findings.Count > 0 ? "check: migration work remains (run with --apply; without it to preview the changes)" : "check: nothing to migrate",
            { Apply: true } => $"applied: {result.Changes.Count(c => c.Status == FileChangeStatus.Written)} of {result.Changes.Count} changed files written",
            _ => $"preview: {files} would change; nothing was written (run with --apply to write)",
        };
        var found = $"{result.Findings.Count} finding(s), {result.FixedCount} {(settings.Check ? "fixable by --apply" : "fixed")}, {result.RemainingCount} not fixable automatically; ";
        var problems = result.Problems.Count == 0 ? string.Empty : $"; {result.Problems.Count} problem(s), see warnings";
        return $"{found}{what}{problems}; exit code {result.ExitCode}";
    }
}
