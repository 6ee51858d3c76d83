using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Saperly.Migration.Tool.Analysis;

namespace Saperly.Migration.Tool.Fixing;

/// <summary>
/// Analyze, fix all per rule (in rule-ID order), re-analyze, until a pass changes nothing; stops at
/// an iteration cap or when a state repeats (fixes that undo each other), and says so.
/// </summary>
internal sealed class FixLoop
{
    public const int MaxPasses = 8;

    private readonly RuleCatalog _rules;
    private readonly FindingCollector _collector;
    private readonly EditScope _scope;
    private readonly IReadOnlyList<string> _ruleIds;

    public FixLoop(RuleCatalog rules, FindingCollector collector, EditScope scope, IEnumerable<string> ruleIds)
    {
        _rules = rules;
        _collector = collector;
        _scope = scope;
        _ruleIds = [.. ruleIds.Where(id => rules.FixerFor(id) is not null).Order(StringComparer.Ordinal)];
    }

    public async Task<FixOutcome> RunAsync(Solution original, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { string.Empty };
        var current = original;
        var allRules = new HashSet<string>(_ruleIds, StringComparer.Ordinal);
        for (var pass = 1; pass <= MaxPasses; pass++)
        {
            // One analysis of every rule per pass says which rules have work; a rule with none is not
            // analyzed again in this pass (a finding another fix creates is picked up by the next pass).
            var passStart = current;
            var found = await _collector.CollectAsync(current, allRules, cancellationToken);
            var anyRuleChanged = false;
            foreach (var id in _ruleIds)
            {
                var fresh = found.Where(f => f.RuleId == id).ToImmutableArray();
                if (fresh.IsEmpty)
                {
                    continue;
                }

                var next = await FixRuleAsync(current, id, ReferenceEquals(current, passStart) ? fresh : null, problems, cancellationToken);
                anyRuleChanged |= (await SolutionTexts.ChangedPathsAsync(current, next, cancellationToken)).Count > 0;
                current = next;
            }

            if (!anyRuleChanged)
            {
                return new FixOutcome(current, pass, problems);
            }

            if (!seen.Add(await SolutionTexts.FingerprintAsync(original, current, cancellationToken)))
            {
                problems.Add($"fixes undo each other (pass {pass} returned to an earlier state); stopped there, the result may be incomplete");
                return new FixOutcome(current, pass, problems);
            }
        }

        problems.Add($"fixes still changed code after {MaxPasses} passes; stopped, the result may be incomplete");
        return new FixOutcome(current, MaxPasses, problems);
    }

    private async Task<Solution> FixRuleAsync(Solution current, string id, ImmutableArray<Finding>? known, List<string> problems, CancellationToken cancellationToken)
    {
        var findings = known ?? await _collector.CollectAsync(current, new HashSet<string>(StringComparer.Ordinal) { id }, cancellationToken);
        if (findings.IsEmpty)
        {
            return current;
        }

        Solution? proposed;
        try
        {
            proposed = await RuleFixer.FixAsync(current, _rules.FixerFor(id)!, id, findings, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            problems.Add($"the {id} fix threw {ex.GetType().Name}: {ex.Message}; its findings stay unfixed");
            return current;
        }

        return proposed is null ? current : await AcceptAsync(current, proposed, id, problems, cancellationToken);
    }

    /// <summary>
    /// Takes only text edits of documents the run may edit, and gives every document of one file the
    /// same text (the first project's edit when projects disagree).
    /// </summary>
    private async Task<Solution> AcceptAsync(Solution current, Solution proposed, string id, List<string> problems, CancellationToken cancellationToken)
    {
        var texts = new SortedDictionary<string, SourceText>(StringComparer.Ordinal);
        var changes = proposed.GetChanges(current).GetProjectChanges().OrderBy(c => c.NewProject.Name, StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.GetAddedDocuments().Any() || change.GetRemovedDocuments().Any())
            {
                problems.Add($"the {id} fix tried to add or remove documents in {change.NewProject.Name}; only edits to existing files are applied");
            }

            foreach (var documentId in change.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var document = current.GetDocument(documentId)!;
                if (document.FilePath is not { } path || !await _scope.CanEditAsync(document, cancellationToken))
                {
                    continue;
                }

                var text = await proposed.GetDocument(documentId)!.GetTextAsync(cancellationToken);
                if (!texts.TryAdd(path, text) && !texts[path].ContentEquals(text))
                {
                    problems.Add($"the {id} fix edits {path} differently in {change.NewProject.Name}; the edit of the first project was kept, check the other target");
                }
            }
        }

        foreach (var (path, text) in texts)
        {
            current = SolutionTexts.WithFileText(current, path, text);
        }

        return current;
    }
}
