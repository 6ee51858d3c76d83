using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Saperly.Migration.Tool.Cli;
using Saperly.Migration.Tool.Reports;
using Saperly.Migration.Tool.Text;
using Saperly.Migration.Tool.Writing;
using Spectre.Console;
using Spectre.Console.Rendering;
using Cell = Spectre.Console.Text;
using Colour = Spectre.Console.Color;

namespace Saperly.Migration.Tool.Output;

/// <summary>
/// What a person sees at the end of a run: the diffs (or, for --check, one compiler-format line per finding),
/// a summary table, what was not fixed, the manual steps and one status line. Colour (ANSI) only when
/// <paramref name="color"/> says so (a terminal without NO_COLOR); otherwise plain text, as in logs.
/// </summary>
internal static class ConsoleReport
{
    /// <summary>The tag that ends a --check line of a finding --apply would fix.</summary>
    public const string FixableTag = "[fixable]";

    /// <summary>The tag that ends a --check line of a finding that needs a person.</summary>
    public const string ManualTag = "[manual]";

    public static void Write(MigrationResult result, MigrateSettings settings, TextWriter output, TextWriter error, bool color = false)
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
            var diff = UnifiedDiff.Render(change.RelativePath, change.OriginalText, change.NewText);
            output.Write(color ? Colorize(diff) : diff);
        }

        if (settings.Check && result.Findings.Count > 0)
        {
            var root = Path.GetDirectoryName(Path.GetFullPath(result.Input))!;
            foreach (var finding in result.Findings)
            {
                output.WriteLine(CompilerLine(finding, root, Environment.CurrentDirectory));
            }
        }

        WriteTable(result, settings.Check ? "Fixable" : "Fixed", output, color);
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

    /// <summary>
    /// <c>path(line,col): warning SAPxxx: message [fixable]</c>, the compiler's format, which CI problem matchers
    /// (<c>^(.*)\((\d+),(\d+)\): (warning|error) (\w+): (.*)$</c>) and IDE terminals read. The tag stands where
    /// MSBuild puts the project, so matchers that expect a trailing <c>[...]</c> read it too. The path is relative
    /// to the current folder when the file is under it (clickable where the command ran), else absolute.
    /// </summary>
    public static string CompilerLine(ReportedFinding finding, string root, string currentDirectory)
    {
        var full = Path.GetFullPath(Path.Combine(root, finding.File));
        var relative = Path.GetRelativePath(currentDirectory, full);
        var path = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
        var level = finding.Level switch { "error" => "error", "warning" => "warning", _ => "info" };
        var message = finding.Message.ReplaceLineEndings(" ");
        return $"{path}({finding.Line},{finding.Column}): {level} {finding.RuleId}: {message} {(finding.Fixed ? FixableTag : ManualTag)}";
    }

    private static string Colorize(string diff)
    {
        const string Reset = "\u001b[0m";
        var lines = diff.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var style = line switch
            {
                _ when line.StartsWith("--- ", StringComparison.Ordinal) || line.StartsWith("+++ ", StringComparison.Ordinal) => "\u001b[1m",
                _ when line.StartsWith("@@", StringComparison.Ordinal) => "\u001b[36m",
                _ when line.StartsWith('-') => "\u001b[31m",
                _ when line.StartsWith('+') => "\u001b[32m",
                _ => null,
            };
            if (style is not null)
            {
                lines[i] = style + line + Reset;
            }
        }

        return string.Join('\n', lines);
    }

    private static void WriteTable(MigrationResult result, string fixedColumn, TextWriter output, bool color)
    {
        output.WriteLine();
        if (result.Findings.Count == 0)
        {
            output.WriteLine("No findings.");
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });

        // Never wrapped: a log is as wide as the table.
        console.Profile.Width = 4096;
        var bold = color ? new Style(decoration: Decoration.Bold) : Style.Plain;
        var table = new Table { Border = new HeaderRuleBorder(color ? "─" : "-") };
        table.AddColumn(Column("Rule"));
        table.AddColumn(Column("Project"));
        table.AddColumn(Column("Findings").RightAligned());
        table.AddColumn(Column(fixedColumn).RightAligned());
        table.AddColumn(new TableColumn(Header("Not fixable automatically")).RightAligned().Padding(0, 0, 0, 0));
        foreach (var (rule, project, findings, fixedCount) in result.ByRuleAndProject())
        {
            var left = findings - fixedCount;
            table.AddRow(new Cell(rule), new Cell(project), new Cell($"{findings}"), new Cell($"{fixedCount}"), new Cell($"{left}", left > 0 && color ? new Style(Colour.Yellow) : Style.Plain));
        }

        table.AddRow(new Cell("total", bold), new Cell(string.Empty), new Cell($"{result.Findings.Count}", bold), new Cell($"{result.FixedCount}", bold), new Cell($"{result.RemainingCount}", bold));
        console.Write(table);

        TableColumn Column(string header) => new TableColumn(Header(header)).Padding(0, 0, 2, 0);
        IRenderable Header(string text) => new Cell(text, bold);
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

    /// <summary>
    /// The old summary's shape: no frame, no column rules, one line under the header (ASCII dashes in logs, a
    /// box-drawing rule on a colour terminal), two spaces between columns.
    /// </summary>
    private sealed class HeaderRuleBorder(string rule) : TableBorder
    {
        public override string GetPart(TableBorderPart part) =>
            part == TableBorderPart.HeaderBottom ? rule : string.Empty;
    }
}
