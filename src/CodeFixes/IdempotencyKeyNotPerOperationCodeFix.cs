using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Text;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Idempotency;
using Saperly.Migration.CodeFixes.Shared;

namespace Saperly.Migration.CodeFixes
{
    /// <summary>
    /// SAP008: one Idempotency-Key per logical operation. A key generated inside a retry loop or
    /// retry-policy lambda is generated once above it (the analyzer names the expression and the
    /// statement to hoist above); a constant becomes a fresh <c>Guid.NewGuid().ToString()</c> local
    /// declared just before the statement that sends it (above any retry around it), or, for a local
    /// initialized from a literal, a fresh initializer.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IdempotencyKeyNotPerOperationCodeFix)), Shared]
    public sealed class IdempotencyKeyNotPerOperationCodeFix : CodeFixProvider
    {
        private const string Title = "Use one Idempotency-Key per operation";
        private const string KeyBaseName = "idempotencyKey";

        /// <summary>
        /// Two fixes may declare a key above one loop (two sends in one retry loop): each must pick its own
        /// name, so the fixes of a document are applied one after another, as SAP003's are.
        /// </summary>
        private static readonly FixAllProvider FixAll = FixAllProvider.Create(FixDocumentAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.IdempotencyKeyNotPerOperation);

        public override FixAllProvider GetFixAllProvider() => FixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || SyntaxLayout.IsGenerated(root.SyntaxTree))
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var target = Target.From(root, diagnostic);
                if (target == null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => ApplyAsync(context.Document, target.Site, target.Anchor, target.Constant, ct), equivalenceKey: RuleIds.IdempotencyKeyNotPerOperation),
                    diagnostic);
            }
        }

        private static async Task<Document?> FixDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || SyntaxLayout.IsGenerated(root.SyntaxTree))
            {
                return document;
            }

            // Mark every site and anchor first, then fix one by one on the evolving document.
            var marks = new List<(SyntaxAnnotation Site, SyntaxAnnotation? Anchor, bool Constant)>();
            var annotations = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                var target = Target.From(root, diagnostic);
                if (target == null)
                {
                    continue;
                }

                var site = new SyntaxAnnotation();
                Add(annotations, target.Site, site);
                SyntaxAnnotation? anchor = null;
                if (target.Anchor != null)
                {
                    anchor = new SyntaxAnnotation();
                    Add(annotations, target.Anchor, anchor);
                }

                marks.Add((site, anchor, target.Constant));
            }

            document = document.WithSyntaxRoot(root.ReplaceNodes(annotations.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(annotations[original])));
            foreach (var mark in marks)
            {
                var current = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                var site = current?.GetAnnotatedNodes(mark.Site).OfType<ExpressionSyntax>().FirstOrDefault();
                var anchor = mark.Anchor == null ? null : current?.GetAnnotatedNodes(mark.Anchor).OfType<StatementSyntax>().FirstOrDefault();
                if (site == null || (mark.Anchor != null && anchor == null))
                {
                    continue;
                }

                document = await ApplyAsync(document, site, anchor, mark.Constant, context.CancellationToken).ConfigureAwait(false);
            }

            return document;
        }

        private static void Add(Dictionary<SyntaxNode, List<SyntaxAnnotation>> map, SyntaxNode node, SyntaxAnnotation annotation)
        {
            if (!map.TryGetValue(node, out var list))
            {
                map[node] = list = new List<SyntaxAnnotation>();
            }

            list.Add(annotation);
        }

        private static async Task<Document> ApplyAsync(Document document, ExpressionSyntax site, StatementSyntax? anchor, bool constant, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model == null)
            {
                return document;
            }

            var fresh = constant ? FreshKey(model, site.SpanStart) : site.WithoutTrivia().ToString();
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            if (anchor == null)
            {
                editor.ReplaceNode(site, FrameworkNames.MarkQualified(SyntaxFactory.ParseExpression(fresh)).WithTriviaFrom(site));
                return editor.GetChangedDocument();
            }

            var name = SyntaxLayout.FreeName(KeyBaseName, SyntaxLayout.NamesInUse(model, anchor));
            var declaration = FrameworkNames.MarkQualified(StatementText.Statement("var " + name + " = " + fresh + ";", anchor));
            if (anchor.Parent is GlobalStatementSyntax global)
            {
                editor.InsertBefore(global, SyntaxFactory.GlobalStatement(declaration));
            }
            else
            {
                editor.InsertBefore(anchor, declaration);
            }

            editor.ReplaceNode(site, SyntaxFactory.IdentifierName(name).WithTriviaFrom(site));
            return editor.GetChangedDocument();
        }

        /// <summary><c>Guid.NewGuid().ToString()</c>, qualified only when <c>Guid</c> does not mean System.Guid alone there.</summary>
        private static string FreshKey(SemanticModel model, int position) =>
            FrameworkNames.Spell(model, position, "System.Guid") + ".NewGuid().ToString()";

        /// <summary>What the analyzer named: the expression to replace and, for Hoist, the statement to declare the key before.</summary>
        private sealed class Target
        {
            private Target(ExpressionSyntax site, StatementSyntax? anchor, bool constant)
            {
                Site = site;
                Anchor = anchor;
                Constant = constant;
            }

            public ExpressionSyntax Site { get; }
            public StatementSyntax? Anchor { get; }
            public bool Constant { get; }

            public static Target? From(SyntaxNode root, Diagnostic diagnostic)
            {
                if (!diagnostic.Properties.TryGetValue(IdempotencyKeyNotPerOperationAnalyzer.FixProperty, out var fix) || fix == null ||
                    diagnostic.AdditionalLocations.Count <= IdempotencyKeyNotPerOperationAnalyzer.SiteLocation)
                {
                    return null;
                }

                var site = Find<ExpressionSyntax>(root, diagnostic.AdditionalLocations[IdempotencyKeyNotPerOperationAnalyzer.SiteLocation].SourceSpan);
                StatementSyntax? anchor = null;
                if (fix == "Hoist")
                {
                    if (diagnostic.AdditionalLocations.Count <= IdempotencyKeyNotPerOperationAnalyzer.AnchorLocation)
                    {
                        return null;
                    }

                    anchor = Find<StatementSyntax>(root, diagnostic.AdditionalLocations[IdempotencyKeyNotPerOperationAnalyzer.AnchorLocation].SourceSpan);
                    if (anchor == null)
                    {
                        return null;
                    }
                }

                var constant = diagnostic.Properties.TryGetValue(IdempotencyKeyNotPerOperationAnalyzer.OriginProperty, out var origin) && origin == "Constant";
                return site == null ? null : new Target(site, anchor, constant);
            }

            private static T? Find<T>(SyntaxNode root, TextSpan span)
                where T : SyntaxNode
            {
                if (!root.FullSpan.Contains(span))
                {
                    return null;
                }

                return root.FindNode(span, getInnermostNodeForTie: false).AncestorsAndSelf().OfType<T>().FirstOrDefault(n => n.Span == span)
                    ?? root.FindNode(span).DescendantNodesAndSelf().OfType<T>().FirstOrDefault(n => n.Span == span);
            }
        }
    }
}
