using System.Linq;
using System.Text;
using Saperly.Migration.Tool.Writing;

namespace Saperly.Migration.Tool.Reports;

/// <summary>A summary a person reads in a pull request.</summary>
internal static class MarkdownReport
{
    public static string Render(MigrationResult result)
    {
        var md = new StringBuilder();
        md.Append("# Saperly migration report\n\n");
        md.Append($"- Input: `{System.IO.Path.GetFileName(result.Input)}` ({result.Mode})\n");
        md.Append($"- Findings: {result.Findings.Count}, {(result.Mode == "check" ? "fixable by `--apply`" : "fixed automatically")}: {result.FixedCount}, left for a person: {result.RemainingCount}\n");
        md.Append($"- Files changed: {result.AppliedChanges.Count()}\n");
        md.Append($"- Exit code: {result.ExitCode}\n\n");

        if (result.Findings.Count > 0)
        {
            md.Append("## Findings by rule and project\n\n| Rule | Project | Findings | Fixed | Not fixed |\n| --- | --- | ---: | ---: | ---: |\n");
            foreach (var (rule, project, findings, fixedCount) in result.ByRuleAndProject())
            {
                md.Append($"| {rule} | {Cell(project)} | {findings} | {fixedCount} | {findings - fixedCount} |\n");
            }

            md.Append('\n');
        }

        if (result.Changes.Count > 0)
        {
            md.Append("## Files\n\n");
            foreach (var change in result.Changes)
            {
                md.Append($"- `{change.RelativePath}`: {Describe(change)}\n");
            }

            md.Append('\n');
        }

        var remaining = result.Findings.Where(f => !f.Fixed).ToList();
        if (remaining.Count > 0)
        {
            md.Append("## Not fixed automatically\n\n");
            foreach (var f in remaining)
            {
                var help = f.HelpUri.Length > 0 ? $" ([{f.RuleId}]({f.HelpUri}))" : string.Empty;
                md.Append($"- {f.RuleId} `{f.File}:{f.Line}`: {Cell(f.Message)}. What to do: {Cell(f.WhatToDo)}{help}\n");
            }

            md.Append('\n');
        }

        if (result.Problems.Count > 0)
        {
            md.Append("## Problems\n\n");
            foreach (var p in result.Problems)
            {
                md.Append($"- **{p.Kind}** {Cell(p.Subject)}: {Cell(p.Message)}\n");
            }

            md.Append('\n');
        }

        if (result.ManualSteps.Steps.Count > 0)
        {
            md.Append("## Manual steps\n\n");
            foreach (var step in result.ManualSteps.Steps)
            {
                md.Append($"- [ ] {step}\n");
            }
        }

        return md.ToString();
    }

    private static string Describe(FileChange change) => change.Status switch
    {
        FileChangeStatus.Written => "written",
        FileChangeStatus.Planned => "would change",
        _ => $"{change.Status}: {change.Reason}",
    };

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
