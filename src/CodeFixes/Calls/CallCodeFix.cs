using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes.Calls
{
    /// <summary>
    /// The shape every fix of a call rule shares: one code action per diagnostic, offered only when the fix can do its
    /// work (it is computed to find out), with the rule ID as its equivalence key; Fix All applies the fixes one after
    /// another on the evolving solution (<see cref="CallFixAllProvider"/>), so that two fixes in one method pick distinct
    /// names, insert above one retry loop together and find the client the other one made. A rule's fix says only what it
    /// wants of the call (<see cref="ApplyAsync"/>).
    /// </summary>
    public abstract class CallCodeFix : CodeFixProvider
    {
        private readonly FixAllProvider _fixAll;

        private protected CallCodeFix(string ruleId, string title)
        {
            RuleId = ruleId;
            Title = title;
            FixableDiagnosticIds = ImmutableArray.Create(ruleId);
            _fixAll = new CallFixAllProvider(this);
        }

        internal string RuleId { get; }

        internal string Title { get; }

        public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

        public sealed override FixAllProvider GetFixAllProvider() => _fixAll;

        /// <summary>Queues the fix of one diagnostic on <paramref name="edit"/>; false when it cannot be fixed (nothing is applied then).</summary>
        internal abstract Task<bool> ApplyAsync(CallEdit edit, CancellationToken cancellationToken);

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var fixedSolution = await FixAsync(context.Document.Project.Solution, new[] { (context.Document.Id, diagnostic) }, context.CancellationToken).ConfigureAwait(false);
                if (fixedSolution != null)
                {
                    context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(fixedSolution), RuleId), diagnostic);
                }
            }
        }

        /// <summary>Fixes the diagnostics one after another; null when none could be fixed.</summary>
        internal async Task<Solution?> FixAsync(Solution solution, IEnumerable<(DocumentId Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            // One fix works on the documents as the analysis bound them; several are applied one after another and track their places.
            var list = diagnostics.ToList();
            var (current, targets) = await CallTarget.FindAsync(solution, list, track: list.Count > 1, cancellationToken).ConfigureAwait(false);
            var fixedAny = false;
            foreach (var target in targets)
            {
                var edit = await CallEdit.OpenAsync(current, target, cancellationToken).ConfigureAwait(false);
                if (edit != null && await ApplyAsync(edit, cancellationToken).ConfigureAwait(false))
                {
                    current = await edit.CommitAsync(cancellationToken).ConfigureAwait(false);
                    fixedAny = true;
                }
            }

            return fixedAny ? await WithoutTrackingAsync(solution, current, cancellationToken).ConfigureAwait(false) : null;
        }

        /// <summary>Documents the fixes did not change go back to the original ones (tracking annotated every document a diagnostic named).</summary>
        private static async Task<Solution> WithoutTrackingAsync(Solution original, Solution current, CancellationToken cancellationToken)
        {
            foreach (var change in current.GetChanges(original).GetProjectChanges())
            {
                foreach (var id in change.GetChangedDocuments())
                {
                    var before = await original.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    var after = await current.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    if (before.ContentEquals(after))
                    {
                        current = current.WithDocumentSyntaxRoot(id, (await original.GetDocument(id)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!);
                    }
                }
            }

            return current;
        }
    }

    /// <summary>Fix All for the call rules: every diagnostic of the scope, fixed one after another (<see cref="CallCodeFix.FixAsync"/>).</summary>
    internal sealed class CallFixAllProvider : FixAllProvider
    {
        private readonly CallCodeFix _fixer;

        public CallFixAllProvider(CallCodeFix fixer)
        {
            _fixer = fixer;
        }

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = await FixAllScopeDiagnostics.OfAsync(fixAllContext, _fixer.RuleId).ConfigureAwait(false);
            if (diagnostics.Count == 0)
            {
                return null;
            }

            var solution = fixAllContext.Solution;
            return CodeAction.Create(
                _fixer.Title,
                async ct => await _fixer.FixAsync(solution, diagnostics, ct).ConfigureAwait(false) ?? solution,
                fixAllContext.CodeActionEquivalenceKey ?? _fixer.RuleId);
        }
    }
}
