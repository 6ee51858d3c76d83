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
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes
{
    /// <summary>
    /// SAP006, leaks only: write the key record's prefix (or id) instead of its plaintext, read
    /// "key_prefix" instead of "plaintext_key" from JSON, or drop the interpolation hole. A lost plaintext
    /// has no fix: where to keep a secret is the owner's decision (docs/rules/SAP006.md).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PlaintextKeyLostOrLeakedCodeFix)), Shared]
    public sealed class PlaintextKeyLostOrLeakedCodeFix : CodeFixProvider
    {
        private const string Title = "Log the key prefix instead of the plaintext key";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PlaintextKeyLostOrLeaked);

        /// <summary>Each diagnostic edits its own name, literal or hole: the batch fixer composes them.</summary>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || Editable.IsGenerated(context.Document, root.SyntaxTree))
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(PlaintextKeyLostOrLeakedAnalyzer.FixProperty, out var fix) || fix == null ||
                    diagnostic.AdditionalLocations.Count <= PlaintextKeyLostOrLeakedAnalyzer.EditLocation)
                {
                    continue;
                }

                var span = diagnostic.AdditionalLocations[PlaintextKeyLostOrLeakedAnalyzer.EditLocation].SourceSpan;
                if (!root.FullSpan.Contains(span))
                {
                    continue;
                }

                var node = root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().FirstOrDefault(n => n.Span == span);
                diagnostic.Properties.TryGetValue(PlaintextKeyLostOrLeakedAnalyzer.ReplacementProperty, out var replacement);
                var rewritten = Rewrite(root, node, fix, replacement);
                if (rewritten == null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(rewritten)), equivalenceKey: RuleIds.PlaintextKeyLostOrLeaked),
                    diagnostic);
            }
        }

        private static SyntaxNode? Rewrite(SyntaxNode root, SyntaxNode? node, string fix, string? replacement)
        {
            switch (fix)
            {
                case "Member" when node is SimpleNameSyntax name && replacement != null && SyntaxFacts.IsValidIdentifier(replacement):
                    return root.ReplaceNode(name, SyntaxFactory.IdentifierName(replacement).WithTriviaFrom(name));
                case "JsonName" when node is LiteralExpressionSyntax literal && replacement != null:
                    return root.ReplaceNode(literal, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(replacement)).WithTriviaFrom(literal));
                case "RemoveHole" when node is InterpolationSyntax hole:
                    return root.RemoveNode(hole, SyntaxRemoveOptions.KeepNoTrivia);
                default:
                    return null;
            }
        }
    }
}
