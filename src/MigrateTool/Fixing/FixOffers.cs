using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Saperly.Migration.Tool.Analysis;

namespace Saperly.Migration.Tool.Fixing;

/// <summary>
/// Which findings a fixer offers a fix for, asked the way an IDE asks for a light bulb: the fixer
/// registers its actions, none is computed. What <c>--check</c> reports instead of running the fixes.
/// </summary>
internal static class FixOffers
{
    /// <summary>The findings (by <see cref="Finding.Key"/>) with at least one fix offered; a fixer that throws offers none.</summary>
    public static async Task<HashSet<(string, string, int, string)>> FindAsync(Solution solution, RuleCatalog rules, ImmutableArray<Finding> findings, List<string> problems, CancellationToken cancellationToken)
    {
        var offered = new HashSet<(string, string, int, string)>();
        foreach (var finding in findings)
        {
            if (offered.Contains(finding.Key) || rules.FixerFor(finding.RuleId) is not { } fixer || solution.GetDocument(finding.DocumentId) is not { } document)
            {
                continue;
            }

            try
            {
                if ((await RuleFixer.OfferedAsync(document, fixer, finding.Diagnostic, cancellationToken)).Count > 0)
                {
                    offered.Add(finding.Key);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add($"the {finding.RuleId} fix threw {ex.GetType().Name} offering a fix in {finding.FilePath}: {ex.Message}");
            }
        }

        return offered;
    }
}
