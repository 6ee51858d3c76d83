using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Tool.Writing;

namespace Saperly.Migration.Tool.Reports;

/// <summary>Everything a run found and did: the one model every output (console, JSON, SARIF, Markdown) renders.</summary>
internal sealed class MigrationResult
{
    public required string ToolVersion { get; init; }

    public required string Input { get; init; }

    public required string Mode { get; init; }

    public required IReadOnlyList<ReportedFinding> Findings { get; init; }

    public required IReadOnlyList<FileChange> Changes { get; init; }

    public required IReadOnlyList<Problem> Problems { get; init; }

    public required ManualSteps ManualSteps { get; init; }

    public required IReadOnlyDictionary<string, DiagnosticDescriptor> Rules { get; init; }

    public int ExitCode { get; set; }

    public int FixedCount => Findings.Count(f => f.Fixed);

    public int RemainingCount => Findings.Count(f => !f.Fixed);

    public IEnumerable<FileChange> AppliedChanges => Changes.Where(c => c.IsApplied);

    public IEnumerable<(string Rule, string Project, int Findings, int Fixed)> ByRuleAndProject() =>
        Findings
            .GroupBy(f => (f.RuleId, f.Project))
            .OrderBy(g => g.Key.RuleId, System.StringComparer.Ordinal)
            .ThenBy(g => g.Key.Project, System.StringComparer.Ordinal)
            .Select(g => (g.Key.RuleId, g.Key.Project, g.Count(), g.Count(f => f.Fixed)));
}
