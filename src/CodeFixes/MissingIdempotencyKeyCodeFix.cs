using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Idempotency;

namespace Saperly.Migration.CodeFixes
{
    /// <summary>
    /// SAP003: send a fresh Idempotency-Key on mint and rotate. The key is a local created once before the
    /// statement (above a retry loop), so retries of one operation reuse it; shorthand calls become an
    /// HttpRequestMessage sent with SendAsync, typed clients get their idempotencyKey argument.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingIdempotencyKeyCodeFix)), Shared]
    public sealed class MissingIdempotencyKeyCodeFix : CodeFixProvider
    {
        private const string Title = "Send a fresh Idempotency-Key";

        /// <summary>
        /// Two fixes in one method both declare a local (idempotencyKey, idempotencyKey2) and may insert at the
        /// same place (above one retry loop); the batch fixer would drop one of two inserts at one position and
        /// could not pick distinct names. So fixes in a document are applied one after another.
        /// </summary>
        private static readonly FixAllProvider FixAll = FixAllProvider.Create(FixDocumentAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingIdempotencyKey);

        public override FixAllProvider GetFixAllProvider() => FixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var call = IdempotencyRewriter.FindCall(root, diagnostic.Location.SourceSpan);
                var shape = Property(diagnostic, CallProperties.Shape);
                if (call == null || !IdempotencyRewriter.CanFix(call, shape))
                {
                    continue;
                }

                var method = Property(diagnostic, CallProperties.Method);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        Title,
                        ct => IdempotencyRewriter.FixAsync(context.Document, call, shape, method, ct),
                        equivalenceKey: RuleIds.MissingIdempotencyKey),
                    diagnostic);
            }
        }

        private static async Task<Document?> FixDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || diagnostics.IsEmpty)
            {
                return document;
            }

            // Mark every diagnosed call first, then fix them one by one on the evolving document.
            var targets = new Dictionary<SyntaxNode, (SyntaxAnnotation Mark, string? Shape, string? Method)>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                var call = IdempotencyRewriter.FindCall(root, diagnostic.Location.SourceSpan);
                if (call != null && !targets.ContainsKey(call))
                {
                    targets[call] = (new SyntaxAnnotation(), Property(diagnostic, CallProperties.Shape), Property(diagnostic, CallProperties.Method));
                }
            }

            var marked = root.ReplaceNodes(targets.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(targets[original].Mark));
            document = document.WithSyntaxRoot(marked);
            foreach (var target in targets.Values.ToList())
            {
                var current = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                var call = current?.GetAnnotatedNodes(target.Mark).OfType<InvocationExpressionSyntax>().FirstOrDefault();
                if (call != null && IdempotencyRewriter.CanFix(call, target.Shape))
                {
                    document = await IdempotencyRewriter.FixAsync(document, call, target.Shape, target.Method, context.CancellationToken).ConfigureAwait(false);
                }
            }

            return document;
        }

        private static string? Property(Diagnostic diagnostic, string name) =>
            diagnostic.Properties.TryGetValue(name, out var value) ? value : null;
    }
}
