using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Tool.Analysis;
using Saperly.Migration.Tool.Reports;

namespace Saperly.Migration.Tool.Pipeline;

/// <summary>
/// Marks each initial finding fixed unless the final state still has one like it (same rule, file and
/// message; lines move, so not by line). Findings that only appear after the fixes are reported too.
/// </summary>
internal static class FindingMatcher
{
    public static IReadOnlyList<ReportedFinding> Match(IEnumerable<Finding> initial, IEnumerable<Finding> remaining, Func<string, string> relative, IReadOnlyDictionary<string, DiagnosticDescriptor> rules, string fixedWhatToDo = "fixed automatically")
    {
        ReportedFinding ToReported(Finding f, bool fixedByRun)
        {
            var rule = rules.GetValueOrDefault(f.RuleId);
            return new ReportedFinding(f.RuleId, Reports.SarifReport.Level(f.Severity.ToString()), f.Message, relative(f.FilePath), f.Line, f.Column, ProjectNames.WithoutTargetFramework(f.ProjectName), fixedByRun)
            {
                WhatToDo = fixedByRun ? fixedWhatToDo
                    : f.Diagnostic.Properties.TryGetValue(Saperly.Migration.Analyzers.Rules.CallProperties.WhatToDo, out var todo) && !string.IsNullOrEmpty(todo) ? todo!
                    : RuleActions.For(f.Diagnostic) ?? rule?.Title.ToString(CultureInfo.InvariantCulture) ?? f.RuleId,
                HelpUri = rule?.HelpLinkUri ?? string.Empty,
            };
        }

        var left = Distinct(remaining)
            .GroupBy(f => (f.RuleId, f.FilePath, f.Message))
            .ToDictionary(g => g.Key, g => new Queue<Finding>(g));
        var result = new List<ReportedFinding>();
        foreach (var finding in Distinct(initial))
        {
            var stillThere = left.TryGetValue((finding.RuleId, finding.FilePath, finding.Message), out var queue) && queue.TryDequeue(out _);
            result.Add(ToReported(finding, fixedByRun: !stillThere));
        }

        result.AddRange(left.Values.SelectMany(q => q).Select(f => ToReported(f, fixedByRun: false)));
        return [.. result.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.RuleId, StringComparer.Ordinal)];
    }

    private static IEnumerable<Finding> Distinct(IEnumerable<Finding> findings) => findings.DistinctBy(f => f.Key);

}
