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
/// Fixes to a fixed point: per pass, each rule's Fix All (in rule-ID order) over the pass's findings,
/// then one analysis of the result, until a pass changes nothing; stops at an iteration cap or when a
/// state repeats (fixes that undo each other), and says so. The first pass starts from the findings
/// the run already has, and a later pass re-analyzes only the projects a fix changed (the collector
/// keeps every other project's analysis). Within a pass, a finding that points into a file an earlier
/// rule of the same pass changed is stale (its spans moved): its document is analyzed again on its own.
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

    /// <summary>Fixes from <paramref name="original"/>, whose findings <paramref name="initial"/> already are.</summary>
    public async Task<FixOutcome> RunAsync(Solution original, ImmutableArray<Finding> initial, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { string.Empty };
        var current = original;
        var found = initial;
        for (var pass = 1; pass <= MaxPasses; pass++)
        {
            if (pass > 1)
            {
                found = await _collector.CollectAsync(current, cancellationToken);
            }

            var touched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in _ruleIds)
            {
                var mine = found.Where(f => f.RuleId == id).ToList();
                var stale = mine.Where(f => PointsInto(f, touched)).Select(f => f.DocumentId).ToHashSet();
                var fresh = stale.Count == 0
                    ? [.. mine]
                    : mine.Where(f => !stale.Contains(f.DocumentId))
                        .Concat((await _collector.CollectDocumentsAsync(current, stale, cancellationToken)).Where(f => f.RuleId == id))
                        .ToImmutableArray();
                if (fresh.IsEmpty)
                {
                    continue;
                }

                var next = await FixRuleAsync(current, id, fresh, problems, cancellationToken);
                touched.UnionWith(await SolutionTexts.ChangedPathsAsync(current, next, cancellationToken));
                current = next;
            }

            if (touched.Count == 0)
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

    /// <summary>Whether the finding, or a location it carries (a credential's origin), is in one of <paramref name="paths"/>.</summary>
    private static bool PointsInto(Finding finding, HashSet<string> paths) =>
        paths.Count > 0 && (paths.Contains(finding.FilePath)
            || finding.Diagnostic.AdditionalLocations.Any(l => l.SourceTree?.FilePath is { } path && paths.Contains(path)));

    private async Task<Solution> FixRuleAsync(Solution current, string id, ImmutableArray<Finding> findings, List<string> problems, CancellationToken cancellationToken)
    {
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
