using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Saperly.Migration.Analyzers.Model;

namespace Saperly.Migration.CodeFixes.Credentials
{
    /// <summary>
    /// Fix All for the credential fixes: every diagnostic is planned against the original solution, then
    /// all edits are applied per document in one editor, so a source renamed for several calls is renamed
    /// once and several splits in one method get distinct local names. The batch fixer would drop such
    /// overlapping edits.
    /// </summary>
    internal sealed class CredentialFixAllProvider : FixAllProvider
    {
        private readonly CredentialTier _target;

        public CredentialFixAllProvider(CredentialTier target) => _target = target;

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = new List<(Document Document, Diagnostic Diagnostic)>();
            foreach (var project in Projects(fixAllContext))
            {
                foreach (var document in project.Documents)
                {
                    if (fixAllContext.Scope == FixAllScope.Document && document.Id != fixAllContext.Document?.Id)
                    {
                        continue;
                    }

                    var found = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                    diagnostics.AddRange(found.Select(d => (document, d)));
                }
            }

            if (diagnostics.Count == 0)
            {
                return null;
            }

            var solution = fixAllContext.Solution;
            return CodeAction.Create(
                fixAllContext.CodeActionEquivalenceKey ?? "Fix all",
                ct => ApplyAsync(solution, diagnostics, _target, ct),
                fixAllContext.CodeActionEquivalenceKey);
        }

        private static IEnumerable<Project> Projects(FixAllContext context) =>
            context.Scope == FixAllScope.Solution ? context.Solution.Projects : new[] { context.Project };

        /// <summary>Plan every diagnostic on the original solution, then apply the edits document by document.</summary>
        public static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(Document Document, Diagnostic Diagnostic)> diagnostics, CredentialTier target, CancellationToken cancellationToken)
        {
            var edits = new List<PlannedEdit>();
            var names = new Dictionary<DocumentId, NameReservations>();
            foreach (var (document, diagnostic) in diagnostics.OrderBy(d => d.Document.FilePath).ThenBy(d => d.Diagnostic.Location.SourceSpan.Start))
            {
                if (!names.TryGetValue(document.Id, out var reservations))
                {
                    reservations = new NameReservations();
                    names[document.Id] = reservations;
                }

                edits.AddRange(await CredentialFix.PlanAsync(document, diagnostic, target, reservations, cancellationToken).ConfigureAwait(false));
            }

            var result = solution;
            foreach (var group in edits.GroupBy(e => e.Document))
            {
                var editor = await DocumentEditor.CreateAsync(solution.GetDocument(group.Key)!, cancellationToken).ConfigureAwait(false);
                var applied = new HashSet<string>();
                foreach (var edit in group)
                {
                    if (edit.Key == null || applied.Add(edit.Key))
                    {
                        edit.Apply(editor);
                    }
                }

                result = result.WithDocumentSyntaxRoot(group.Key, editor.GetChangedRoot());
            }

            return result;
        }
    }
}
