using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Saperly.Migration.Tool.Analysis;

namespace Saperly.Migration.Tool.Fixing;

/// <summary>
/// Fixes every finding of one rule at solution scope: the fixer's own Fix All provider when it
/// supports that scope, otherwise the batch fixer, which takes each diagnostic's first registered action.
/// </summary>
internal static class RuleFixer
{
    public static async Task<Solution?> FixAsync(Solution solution, CodeFixProvider fixer, string ruleId, ImmutableArray<Finding> findings, CancellationToken cancellationToken)
    {
        var first = await FirstActionAsync(solution, fixer, findings, cancellationToken);
        if (first is null)
        {
            return null;
        }

        var provider = fixer.GetFixAllProvider() is { } own && own.GetSupportedFixAllScopes().Contains(FixAllScope.Solution)
            ? own
            : WellKnownFixAllProviders.BatchFixer;
        var diagnostics = new FindingDiagnosticProvider(findings.Select(f => (f.DocumentId, f.Diagnostic)));
        var context = new FixAllContext(first.Value.Document, fixer, FixAllScope.Solution, first.Value.Action.EquivalenceKey, [ruleId], diagnostics, cancellationToken);
        var action = await provider.GetFixAsync(context);
        if (action is null)
        {
            return null;
        }

        var operations = await action.GetOperationsAsync(cancellationToken);
        return operations.OfType<ApplyChangesOperation>().LastOrDefault()?.ChangedSolution;
    }

    private static async Task<(Document Document, CodeAction Action)?> FirstActionAsync(Solution solution, CodeFixProvider fixer, ImmutableArray<Finding> findings, CancellationToken cancellationToken)
    {
        foreach (var finding in findings)
        {
            var document = solution.GetDocument(finding.DocumentId);
            if (document is null)
            {
                continue;
            }

            var actions = await OfferedAsync(document, fixer, finding.Diagnostic, cancellationToken);
            if (actions.Count > 0)
            {
                return (document, actions[0]);
            }
        }

        return null;
    }

    /// <summary>The actions a fixer registers for one diagnostic (the light-bulb question); none is computed.</summary>
    public static async Task<IReadOnlyList<CodeAction>> OfferedAsync(Document document, CodeFixProvider fixer, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken));
        return actions;
    }
}
