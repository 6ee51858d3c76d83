using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes.Permissions
{
    /// <summary>
    /// SAP004's rewrites of code that rejects unlisted tiers: a legacy_full arm, section or if made from the full one
    /// (inserted before the throwing default, or after the last if), <c>or "legacy_full"</c> / <c>|| v == "legacy_full"</c>
    /// on a predicate, <c>|legacy_full</c> in a regular expression's alternation.
    /// </summary>
    internal static class TierCheckRewriter
    {
        private static readonly string LegacyFull = SaperlyApi.LegacyFull;

        /// <summary>The tier check a diagnostic points at, recognized again on the current syntax; null when it is gone or broken.</summary>
        public static TierCheck? FindTarget(SyntaxNode root, TextSpan span, string? kind)
        {
            if (!root.FullSpan.Contains(span))
            {
                return null;
            }

            var token = root.FindToken(span.Start);
            TierCheck? check;
            switch (kind)
            {
                case TierCheckKinds.Switch:
                    check = token.Parent is SwitchExpressionSyntax expression ? TierChecks.OfSwitch(expression)
                        : token.Parent is SwitchStatementSyntax statement ? TierChecks.OfSwitch(statement) : null;
                    break;
                case TierCheckKinds.IfChain:
                    check = token.Parent is IfStatementSyntax first ? TierChecks.OfIfChain(first) : null;
                    break;
                case TierCheckKinds.Predicate:
                    var predicate = root.FindNode(span, false, true).AncestorsAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(e => e.Span == span);
                    check = predicate == null ? null : TierChecks.OfPredicate(predicate, _ => true);
                    break;
                case TierCheckKinds.Regex:
                    var literal = token.Parent as LiteralExpressionSyntax;
                    check = literal == null ? null : TierChecks.OfRegex(literal, _ => true);
                    break;
                default:
                    return null;
            }

            return check == null || check.Node.ContainsDiagnostics ? null : check;
        }

        public static async Task<Document> FixAsync(Document document, TextSpan span, string? kind, string? mapping, string? legacyMember, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var check = root == null ? null : FindTarget(root, span, kind);
            if (root == null || check == null || Editable.IsGenerated(document, root.SyntaxTree))
            {
                return document;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            SyntaxNode? replacement;
            switch (check.Node)
            {
                case SwitchExpressionSyntax expression when check.FullBranch is SwitchExpressionArmSyntax arm && model != null:
                    replacement = WithLegacyArm(expression, arm, Mapped(arm.Expression, mapping, legacyMember, model, cancellationToken));
                    break;
                case SwitchStatementSyntax statement when check.FullBranch is SwitchSectionSyntax section && model != null:
                    replacement = WithLegacySection(statement, section, mapping, legacyMember, model, cancellationToken);
                    break;
                case IfStatementSyntax first when check.FullBranch is IfStatementSyntax full && first.Parent is BlockSyntax block && model != null:
                    var legacyIf = full
                        .WithCondition(full.Condition.ReplaceNodes(full.Condition.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().Where(LegacyBranches.IsFullLiteral), (_, l) => LegacyLiteral(l)))
                        .WithStatement(Mapped(full.Statement, mapping, legacyMember, model, cancellationToken));
                    root = root.ReplaceNode(block, WithLegacyIf(block, first, legacyIf));
                    return document.WithSyntaxRoot(root);
                case IsPatternExpressionSyntax isPattern:
                    replacement = isPattern.WithPattern(WithLegacyAlternative(isPattern.Pattern));
                    break;
                case BinaryExpressionSyntax either:
                    replacement = WithLegacyComparison(either);
                    break;
                case LiteralExpressionSyntax literal:
                    replacement = WithLegacyInRegex(literal);
                    break;
                default:
                    replacement = null;
                    break;
            }

            return replacement == null ? document : document.WithSyntaxRoot(root.ReplaceNode(check.Node, replacement));
        }

        /// <summary>The full branch's result for legacy_full: its full enum members or "full" literals replaced, or as it is.</summary>
        private static TNode Mapped<TNode>(TNode result, string? mapping, string? legacyMember, SemanticModel model, CancellationToken cancellationToken)
            where TNode : SyntaxNode
        {
            switch (mapping)
            {
                case LegacyBranches.Member when legacyMember != null:
                    var fullMembers = result.DescendantNodesAndSelf().OfType<SimpleNameSyntax>()
                        .Where(n => model.GetSymbolInfo(n, cancellationToken).Symbol is IFieldSymbol field && field.ContainingType?.TypeKind == TypeKind.Enum &&
                                    PermissionModels.WireValues(field).Any(v => PermissionModels.NormalizesTo(v, "full")))
                        .ToList();
                    return result.ReplaceNodes(fullMembers, (old, _) => SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(old.GetLeadingTrivia(), legacyMember, old.GetTrailingTrivia())));
                case LegacyBranches.Literal:
                    return result.ReplaceNodes(result.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().Where(LegacyBranches.IsFullLiteral), (l, _) => LegacyLiteral(l));
                default:
                    return result;
            }
        }

        /// <summary>"legacy_full" in the form of another tier literal (regular, verbatim, raw), its trivia kept.</summary>
        private static LiteralExpressionSyntax LegacyLiteral(LiteralExpressionSyntax tier) =>
            tier.WithToken(SyntaxFactory.Literal(tier.Token.LeadingTrivia, LegacyText(tier.Token.Text, tier.Token.ValueText), LegacyFull, tier.Token.TrailingTrivia));

        private static bool IsCatchAll(SwitchExpressionArmSyntax arm) =>
            arm.WhenClause == null && (arm.Pattern is DiscardPatternSyntax || arm.Pattern is VarPatternSyntax);

        /// <summary><c>"legacy_full" => …,</c> before the throwing default arm, laid out like the arm it precedes.</summary>
        private static SwitchExpressionSyntax? WithLegacyArm(SwitchExpressionSyntax node, SwitchExpressionArmSyntax full, ExpressionSyntax result)
        {
            var arms = node.Arms;
            var index = arms.IndexOf(arms.LastOrDefault(IsCatchAll)!);
            if (index <= 0)
            {
                return null;
            }

            var before = arms.GetSeparator(index - 1);
            var pattern = SyntaxFactory.ConstantPattern(LegacyLiteral(FullLiteralOf(full.Pattern) ?? NewFullLiteral()).WithoutTrivia());
            var arm = full.WithPattern(pattern.WithLeadingTrivia(arms[index].GetLeadingTrivia()).WithTrailingTrivia(full.Pattern.GetTrailingTrivia()))
                .WithExpression(result.WithTrailingTrivia(arms[index - 1].GetTrailingTrivia()));
            var items = arms.GetWithSeparators();
            var at = items.IndexOf(arms[index]);
            items = items.Insert(at, arm).Insert(at + 1, SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(before.TrailingTrivia));
            return node.WithArms(SyntaxFactory.SeparatedList<SwitchExpressionArmSyntax>(items));
        }

        private static LiteralExpressionSyntax? FullLiteralOf(SyntaxNode node) =>
            node.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().FirstOrDefault(LegacyBranches.IsFullLiteral);

        private static LiteralExpressionSyntax NewFullLiteral() =>
            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("full"));

        /// <summary><c>case "legacy_full":</c> with the full section's statements (mapped), before the default section.</summary>
        private static SwitchStatementSyntax? WithLegacySection(SwitchStatementSyntax node, SwitchSectionSyntax full, string? mapping, string? legacyMember, SemanticModel model, CancellationToken cancellationToken)
        {
            var sections = node.Sections;
            var defaultSection = sections.LastOrDefault(s => s.Labels.Any(l => l is DefaultSwitchLabelSyntax || (l is CasePatternSwitchLabelSyntax p && p.WhenClause == null && (p.Pattern is DiscardPatternSyntax || p.Pattern is VarPatternSyntax))));
            if (defaultSection == null)
            {
                return null;
            }

            var firstLabel = full.Labels.First(l => FullLiteralOf(l) != null);
            var literal = LegacyLiteral(FullLiteralOf(firstLabel)!).WithoutTrivia();
            SwitchLabelSyntax label = firstLabel is CaseSwitchLabelSyntax @case
                ? @case.WithValue(literal.WithTriviaFrom(@case.Value))
                : ((CasePatternSwitchLabelSyntax)firstLabel).WithPattern(SyntaxFactory.ConstantPattern(literal).WithTriviaFrom(((CasePatternSwitchLabelSyntax)firstLabel).Pattern));
            var indentation = Layout.Whitespace(Layout.LineIndentation(defaultSection));
            var section = full
                .WithLabels(SyntaxFactory.SingletonList(label.WithLeadingTrivia(indentation)))
                .WithStatements(SyntaxFactory.List(full.Statements.Select(s => Mapped(s, mapping, legacyMember, model, cancellationToken))));
            return node.WithSections(sections.Insert(sections.IndexOf(defaultSection), section));
        }

        /// <summary>The legacy_full if after the chain's last if, at its indentation; the throw keeps its own trivia.</summary>
        private static BlockSyntax WithLegacyIf(BlockSyntax block, IfStatementSyntax first, IfStatementSyntax legacy)
        {
            var statements = block.Statements;
            var at = statements.IndexOf(first);
            while (at < statements.Count && statements[at] is IfStatementSyntax)
            {
                at++;
            }

            var last = statements[at - 1];
            var placed = legacy.WithLeadingTrivia(Layout.Whitespace(Layout.LineIndentation(last))).WithTrailingTrivia(last.GetTrailingTrivia());
            return block.WithStatements(statements.Insert(at, placed));
        }

        /// <summary><c>… or "legacy_full"</c> at the end of an or-pattern (inside <c>not (…)</c>), with the last <c>or</c>'s layout.</summary>
        private static PatternSyntax WithLegacyAlternative(PatternSyntax pattern)
        {
            switch (pattern)
            {
                case UnaryPatternSyntax not:
                    return not.WithPattern(WithLegacyAlternative(not.Pattern));
                case ParenthesizedPatternSyntax parenthesized:
                    return parenthesized.WithPattern(WithLegacyAlternative(parenthesized.Pattern));
                case BinaryPatternSyntax binary:
                    var literal = (LiteralExpressionSyntax)binary.DescendantNodes().OfType<ConstantPatternSyntax>().Last().Expression;
                    var added = SyntaxFactory.ConstantPattern(LegacyLiteral(literal.WithoutTrivia()))
                        .WithLeadingTrivia(binary.Right.GetLeadingTrivia()).WithTrailingTrivia(binary.GetTrailingTrivia());
                    return SyntaxFactory.BinaryPattern(SyntaxKind.OrPattern, binary.WithTrailingTrivia(binary.Left.GetTrailingTrivia()), binary.OperatorToken, added);
                default:
                    return pattern;
            }
        }

        /// <summary><c>… || v == "legacy_full"</c>: the last comparison copied with legacy_full, after the last <c>||</c>'s layout.</summary>
        private static ExpressionSyntax WithLegacyComparison(BinaryExpressionSyntax either)
        {
            var lastComparison = either.Right;
            var literal = lastComparison.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().First(l => l.IsKind(SyntaxKind.StringLiteralExpression));
            var copy = lastComparison.ReplaceNode(literal, LegacyLiteral(literal));
            return SyntaxFactory.BinaryExpression(SyntaxKind.LogicalOrExpression, either.WithTrailingTrivia(either.Left.GetTrailingTrivia()), either.OperatorToken,
                copy.WithLeadingTrivia(lastComparison.GetLeadingTrivia()).WithTrailingTrivia(either.GetTrailingTrivia()));
        }

        /// <summary>A literal's text with its value replaced by legacy_full, quotes and prefix kept.</summary>
        private static string LegacyText(string text, string value)
        {
            var at = text.IndexOf(value, StringComparison.Ordinal);
            return at < 0 ? "\"" + LegacyFull + "\"" : text.Substring(0, at) + LegacyFull + text.Substring(at + value.Length);
        }

        /// <summary><c>|legacy_full</c> after the alternation's last alternative, in the literal's own text.</summary>
        private static LiteralExpressionSyntax? WithLegacyInRegex(LiteralExpressionSyntax literal)
        {
            var value = literal.Token.ValueText;
            var text = literal.Token.Text;
            var offset = text.IndexOf(value, StringComparison.Ordinal);
            if (!TierChecks.TryReadAlternation(value, out _, out var insertAt) || offset < 0)
            {
                return null;
            }

            var newValue = value.Insert(insertAt, "|" + LegacyFull);
            var newText = text.Insert(offset + insertAt, "|" + LegacyFull);
            return literal.WithToken(SyntaxFactory.Literal(literal.Token.LeadingTrivia, newText, newValue, literal.Token.TrailingTrivia));
        }
    }
}
