using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Idempotency;

namespace Saperly.Migration.CodeFixes
{
    /// <summary>
    /// SAP009: the same rewrite as SAP003 (<see cref="IdempotencyRewriter"/>) for POST /v1/calls and
    /// POST /v1/messages: one fresh key per operation, declared above a retry loop so retries share it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RecommendedIdempotencyKeyCodeFix)), Shared]
    public sealed class RecommendedIdempotencyKeyCodeFix : CodeFixProvider
    {
        private const string Title = "Send a fresh Idempotency-Key";

        /// <summary>
        /// SAP003's document-sequential Fix All: it reads only the Shape and Method properties every call rule
        /// writes, never the rule ID, so one provider serves both rules (two fixes in one method must pick
        /// distinct local names and may insert above one retry loop, which the batch fixer cannot do).
        /// </summary>
        private static readonly FixAllProvider FixAll = new MissingIdempotencyKeyCodeFix().GetFixAllProvider();

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RecommendedIdempotencyKey);

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
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        Title,
                        ct => IdempotencyRewriter.FixAsync(document, call, shape, method, ct),
                        equivalenceKey: RuleIds.RecommendedIdempotencyKey),
                    diagnostic);
            }
        }

        private static string? Property(Diagnostic diagnostic, string name) =>
            diagnostic.Properties.TryGetValue(name, out var value) ? value : null;
    }
}
