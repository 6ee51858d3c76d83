using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>
    /// Where a fix can put statements before some code: a statement in a statement list (a block, a switch section, a
    /// top-level program), or an expression body (of a member, an accessor, a local function or a lambda), which the fix
    /// turns into a block. The analyzers name such a point in a diagnostic; the fixes find it again by its location and
    /// kind, so both sides agree on what these are here.
    /// </summary>
    internal static class InsertionPoints
    {
        /// <summary>A statement directly in a statement list, or an expression body.</summary>
        public static bool Is(SyntaxNode node) => IsListedStatement(node) || IsExpressionBody(node);

        public static bool IsListedStatement(SyntaxNode node) =>
            node is StatementSyntax && !(node is LocalFunctionStatementSyntax) &&
            (node.Parent is BlockSyntax || node.Parent is SwitchSectionSyntax || node.Parent is GlobalStatementSyntax);

        /// <summary>The expression of <c>=&gt; expression</c> (a member, an accessor, a local function) or of an expression-bodied lambda.</summary>
        public static bool IsExpressionBody(SyntaxNode node) =>
            node is ExpressionSyntax && (node.Parent is ArrowExpressionClauseSyntax || (node.Parent is LambdaExpressionSyntax lambda && lambda.ExpressionBody == node));

        /// <summary>The innermost insertion point that holds <paramref name="node"/>, without leaving a lambda, a local function or a member.</summary>
        public static SyntaxNode? Enclosing(SyntaxNode node)
        {
            for (var current = node; current != null; current = current.Parent)
            {
                if (Is(current))
                {
                    return current;
                }

                if ((current != node && current is AnonymousFunctionExpressionSyntax) || current is LocalFunctionStatementSyntax || current is MemberDeclarationSyntax)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>
        /// <see cref="KeyAnchor(SyntaxNode, SemanticModel)"/> for a call: from the declaration of the request it sends,
        /// when that is a local declared with its value (the header goes right after it, so the key must come first),
        /// else from the call.
        /// </summary>
        public static SyntaxNode? KeyAnchor(SaperlyCall call)
        {
            SyntaxNode start = call.Invocation.Syntax;
            if (call.RequestSymbol is ILocalSymbol local && local.DeclaringSyntaxReferences.Length == 1 &&
                local.DeclaringSyntaxReferences[0].SyntaxTree == start.SyntaxTree &&
                local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer: { } } declarator &&
                (declarator.Parent?.Parent is LocalDeclarationStatementSyntax || declarator.Parent?.Parent is UsingStatementSyntax))
            {
                start = declarator.Parent.Parent;
            }

            return KeyAnchor(start, call.Invocation.SemanticModel);
        }

        /// <summary>
        /// Where one Idempotency-Key per logical operation is declared for the send at <paramref name="send"/>: the
        /// insertion point that holds it, moved above every retry loop or retry-policy lambda around it (a retry must
        /// resend the same key), never above a foreach, an item loop, another lambda or the member (each of those runs
        /// one operation per item or per call). Null where there is no insertion point at all (a field initializer).
        /// </summary>
        public static SyntaxNode? KeyAnchor(SyntaxNode send, SemanticModel? model)
        {
            SyntaxNode? anchor = null;
            var hoist = false;
            for (var current = send; current != null; current = current.Parent)
            {
                if (current != send)
                {
                    if (IdempotencyKeyOrigins.IsRetryLoop(current, send) || IdempotencyKeyOrigins.IsRetryLambda(current, model))
                    {
                        hoist = true;
                    }
                    else if (IsBoundary(current))
                    {
                        break;
                    }
                }

                if (Is(current) && (anchor == null || hoist))
                {
                    anchor = current;
                    hoist = false;
                }
            }

            return anchor;
        }

        /// <summary>Where one logical operation ends: a loop that is not a retry (one operation per item), a lambda, a local function, a member.</summary>
        private static bool IsBoundary(SyntaxNode node) =>
            node is ForEachStatementSyntax || node is ForEachVariableStatementSyntax || node is ForStatementSyntax || node is WhileStatementSyntax ||
            node is DoStatementSyntax || node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax || node is MemberDeclarationSyntax;
    }
}
