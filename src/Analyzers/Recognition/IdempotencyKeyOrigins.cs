using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Saperly.Migration.Analyzers.Recognition
{
    /// <summary>How an Idempotency-Key value fails to identify one logical operation.</summary>
    internal enum KeyOriginKind
    {
        /// <summary>The same value for every operation: a literal, a constant, a field set once.</summary>
        Constant,
        /// <summary>A fresh value made inside the body of a loop that retries the same request.</summary>
        RetryLoop,
        /// <summary>A fresh value made inside a lambda handed to a retry policy.</summary>
        RetryLambda,
    }

    /// <summary>What is wrong with a key, and where a fix would act.</summary>
    internal sealed class KeyOrigin
    {
        public KeyOrigin(KeyOriginKind kind, IOperation site, SyntaxNode? anchor, bool fixable)
        {
            Kind = kind;
            Site = site;
            Anchor = anchor;
            Fixable = fixable;
        }

        public KeyOriginKind Kind { get; }

        /// <summary>The expression a fix replaces: the constant where the key is sent, or the expression that generates the key.</summary>
        public IOperation Site { get; }

        /// <summary>
        /// Where one key per operation is declared (an <see cref="InsertionPoints"/> point: a statement, or an expression
        /// body the fix turns into a block); null to replace <see cref="Site"/> in place.
        /// </summary>
        public SyntaxNode? Anchor { get; }

        public bool Fixable { get; }
    }

    /// <summary>
    /// Judges where the values sent as Idempotency-Key come from. A retry loop is a for/while/do whose
    /// iterations resend the same request: the send sits in a try whose catch lets the loop go round
    /// again, or the loop ends on the response status; a foreach, or a for whose variable the body uses,
    /// walks different items (one operation each). A retry lambda is one handed to a method named
    /// <c>*Retry*</c> or to Polly's <c>Execute*</c>.
    /// </summary>
    internal static class IdempotencyKeyOrigins
    {
        private const int MaxDepth = 6;
        private static readonly string[] RetryWords = { "retry", "retries", "attempt", "tries" };

        public static KeyOrigin? Judge(IOperation value, SaperlyCall call, SaperlyCompilation shared)
        {
            var op = Symbols.Unwrap(value);
            if (op == null)
            {
                return null;
            }

            var sameMember = SameRoot(op, call.Invocation);
            if (IsConstant(op, shared, 0))
            {
                // A local initialized from a literal in this member: fresh initializer in place.
                if (op is ILocalReferenceOperation local && sameMember)
                {
                    var values = shared.ScopeOf(local).ValuesOf(local.Local);
                    if (values.Count == 1 && Constant.String(values[0]) != null && SameRoot(values[0], call.Invocation))
                    {
                        var hoisted = HoistAnchor(values[0].Syntax, call, null);
                        return new KeyOrigin(KeyOriginKind.Constant, values[0], hoisted, values[0].Syntax is ExpressionSyntax);
                    }
                }

                var anchor = HoistAnchor(op.Syntax, call, InsertionPoints.Enclosing(op.Syntax));
                return new KeyOrigin(KeyOriginKind.Constant, op, anchor, sameMember && anchor != null && op.Syntax is ExpressionSyntax);
            }

            var generation = FreshGeneration(op, shared);
            if (generation == null || !SameRoot(generation, call.Invocation))
            {
                return null;
            }

            var model = call.Invocation.SemanticModel;
            for (var node = generation.Syntax.Parent; node != null; node = node.Parent)
            {
                if (node is MemberDeclarationSyntax || node is LocalFunctionStatementSyntax)
                {
                    return null;
                }

                var isLoop = IsLoop(node);
                if (!isLoop && !(node is AnonymousFunctionExpressionSyntax))
                {
                    continue;
                }

                if (!node.Span.Contains(call.Invocation.Syntax.Span))
                {
                    return null;
                }

                var retry = isLoop ? IsRetryLoop(node, call.Invocation.Syntax) : IsRetryLambda(node, model);
                if (!retry)
                {
                    return null;
                }

                var anchor = isLoop ? InStatementList(node) : InsertionPoints.Enclosing(node);
                var fixable = anchor != null && generation.Syntax is ExpressionSyntax && IsHoistable(generation);
                return new KeyOrigin(isLoop ? KeyOriginKind.RetryLoop : KeyOriginKind.RetryLambda, generation, anchor, fixable);
            }

            return null;
        }

        private static bool SameRoot(IOperation a, IOperation b) => Symbols.Root(a).Syntax == Symbols.Root(b).Syntax;

        /// <summary>A literal, a constant, or a string field (or local) that only ever holds one literal or one value made once.</summary>
        private static bool IsConstant(IOperation op, SaperlyCompilation shared, int depth)
        {
            if (Constant.String(op) != null)
            {
                return true;
            }

            if (depth > MaxDepth)
            {
                return false;
            }

            switch (op)
            {
                case IFieldReferenceOperation field when field.Field.Type.SpecialType == SpecialType.System_String && field.Field.ContainingType != null:
                    if (field.Field.DeclaringSyntaxReferences.Length == 0)
                    {
                        return false;
                    }

                    var values = shared.TypeScope(field.Field.ContainingType, default, op.SemanticModel).ValuesOf(field.Field);
                    if (values.Count != 1)
                    {
                        return false;
                    }

                    // static readonly string Key = Guid.NewGuid().ToString(): one key for the whole process.
                    return Constant.String(values[0]) != null || (field.Field.IsStatic && field.Field.IsReadOnly && FreshGeneration(values[0], shared) != null);
                case ILocalReferenceOperation local:
                    var assigned = shared.ScopeOf(local).ValuesOf(local.Local);
                    return assigned.Count == 1 && Constant.String(assigned[0]) != null;
                default:
                    return false;
            }
        }

        /// <summary>The expression that makes a fresh key (<c>Guid.NewGuid().ToString()</c>, <c>$"{Guid.NewGuid()}"</c>), followed through one local.</summary>
        private static IOperation? FreshGeneration(IOperation value, SaperlyCompilation shared)
        {
            var op = Symbols.Unwrap(value);
            if (op == null)
            {
                return null;
            }

            if (IsFresh(op, 0))
            {
                return op;
            }

            if (op is ILocalReferenceOperation local)
            {
                var values = shared.ScopeOf(local).ValuesOf(local.Local);
                if (values.Count == 1 && IsFresh(Symbols.Unwrap(values[0]), 0))
                {
                    return Symbols.Unwrap(values[0]);
                }
            }

            return null;
        }

        private static bool IsFresh(IOperation? value, int depth)
        {
            var op = Symbols.Unwrap(value);
            if (op == null || depth > MaxDepth)
            {
                return false;
            }

            switch (op)
            {
                case IInvocationOperation invocation when invocation.TargetMethod.ContainingType?.SpecialType == SpecialType.None &&
                                                         invocation.TargetMethod.ContainingType.Name == "Guid" &&
                                                         invocation.TargetMethod.ContainingNamespace?.Name == "System" &&
                                                         (invocation.TargetMethod.Name == "NewGuid" || invocation.TargetMethod.Name == "CreateVersion7"):
                    return true;
                case IInvocationOperation invocation when invocation.TargetMethod.Name == "ToString" && invocation.Instance != null:
                    return IsFresh(invocation.Instance, depth + 1);
                case IInterpolatedStringOperation interpolated:
                    return interpolated.Parts.OfType<IInterpolationOperation>().Any(h => IsFresh(h.Expression, depth + 1));
                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.Add:
                    return IsFresh(binary.LeftOperand, depth + 1) || IsFresh(binary.RightOperand, depth + 1);
                default:
                    return false;
            }
        }

        /// <summary>Whether the generating expression reads nothing but constants (so it can move above the loop).</summary>
        private static bool IsHoistable(IOperation generation) =>
            !generation.DescendantsAndSelf().Any(o => o is ILocalReferenceOperation || o is IParameterReferenceOperation || o is IInstanceReferenceOperation ||
                                                      o is IFieldReferenceOperation { Field.IsConst: false } || o is IPropertyReferenceOperation);

        /// <summary>
        /// Where one key per operation goes: <paramref name="start"/>, moved above every retry loop or
        /// retry lambda around the site that also holds the send; never above a foreach, an item loop or
        /// another lambda.
        /// </summary>
        private static SyntaxNode? HoistAnchor(SyntaxNode site, SaperlyCall call, SyntaxNode? start)
        {
            var anchor = start;
            var model = call.Invocation.SemanticModel;
            for (var node = site.Parent; node != null; node = node.Parent)
            {
                if (node is MemberDeclarationSyntax || node is LocalFunctionStatementSyntax)
                {
                    break;
                }

                var isLoop = IsLoop(node);
                if (!isLoop && !(node is AnonymousFunctionExpressionSyntax))
                {
                    continue;
                }

                var retry = node.Span.Contains(call.Invocation.Syntax.Span) && (isLoop ? IsRetryLoop(node, call.Invocation.Syntax) : IsRetryLambda(node, model));
                if (!retry)
                {
                    break;
                }

                anchor = isLoop ? InStatementList(node) : InsertionPoints.Enclosing(node);
                if (anchor == null)
                {
                    return null;
                }
            }

            return anchor;
        }

        private static bool IsLoop(SyntaxNode node) =>
            node is ForStatementSyntax || node is WhileStatementSyntax || node is DoStatementSyntax ||
            node is ForEachStatementSyntax || node is ForEachVariableStatementSyntax;

        /// <summary>A for/while/do that resends the same request (see the class remarks).</summary>
        internal static bool IsRetryLoop(SyntaxNode loop, SyntaxNode send)
        {
            StatementSyntax body;
            ExpressionSyntax? condition;
            switch (loop)
            {
                case ForStatementSyntax f:
                    body = f.Statement;
                    condition = f.Condition;
                    var header = string.Concat(f.Declaration?.ToString(), f.Condition?.ToString());
                    var variables = f.Declaration?.Variables.Select(v => v.Identifier.ValueText).ToList() ?? f.Initializers.OfType<AssignmentExpressionSyntax>().Select(a => a.Left.ToString()).ToList();
                    if (!SaysRetry(header) && body.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => variables.Contains(n.Identifier.ValueText)))
                    {
                        // for (var i = 0; i < agents.Count; i++) { ... agents[i] ... }: one item per iteration.
                        return false;
                    }

                    break;
                case WhileStatementSyntax w:
                    body = w.Statement;
                    condition = w.Condition;
                    break;
                case DoStatementSyntax d:
                    body = d.Statement;
                    condition = d.Condition;
                    break;
                default:
                    return false;
            }

            if (condition != null && condition.DescendantNodesAndSelf().OfType<DeclarationExpressionSyntax>().Any())
            {
                // while (queue.TryDequeue(out var item)): a new item per iteration.
                return false;
            }

            return CatchesAroundSend(body, send) || EndsOnStatus(condition, body);
        }

        /// <summary>The send is in a try inside the loop body, and one of its catches lets the loop go round again.</summary>
        private static bool CatchesAroundSend(StatementSyntax body, SyntaxNode send)
        {
            foreach (var attempt in body.DescendantNodesAndSelf().OfType<TryStatementSyntax>())
            {
                if (!attempt.Block.Span.Contains(send.Span))
                {
                    continue;
                }

                foreach (var handler in attempt.Catches)
                {
                    var leaves = handler.Block.DescendantNodes().Any(n =>
                        n is ThrowStatementSyntax || n is ThrowExpressionSyntax || n is ReturnStatementSyntax || n is BreakStatementSyntax);
                    if (!leaves)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The loop's condition, or an if that leaves the loop, reads the response status.</summary>
        private static bool EndsOnStatus(ExpressionSyntax? condition, StatementSyntax body)
        {
            if (condition != null && SaysStatus(condition))
            {
                return true;
            }

            foreach (var check in body.DescendantNodesAndSelf().OfType<IfStatementSyntax>())
            {
                if (SaysStatus(check.Condition) &&
                    check.Statement.DescendantNodesAndSelf().Any(n => n is BreakStatementSyntax || n is ReturnStatementSyntax))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool SaysStatus(ExpressionSyntax expression) =>
            expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == "StatusCode" || n.Identifier.ValueText == "IsSuccessStatusCode");

        private static bool SaysRetry(string text) => RetryWords.Any(w => text.IndexOf(w, StringComparison.OrdinalIgnoreCase) >= 0);

        /// <summary>A lambda passed to a method named *Retry*, or to Polly's Execute*/ExecuteAsync.</summary>
        internal static bool IsRetryLambda(SyntaxNode lambda, SemanticModel? model)
        {
            if (model == null || !(lambda.Parent is ArgumentSyntax argument) || !(argument.Parent?.Parent is InvocationExpressionSyntax invocation) ||
                lambda.SyntaxTree != model.SyntaxTree)
            {
                return false;
            }

            if (!(model.GetSymbolInfo(invocation).Symbol is IMethodSymbol method))
            {
                return false;
            }

            if (method.Name.IndexOf("Retry", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }

            if (!method.Name.StartsWith("Execute", StringComparison.Ordinal))
            {
                return false;
            }

            // Execute* on the team's own policy type (RetryPolicy, ResiliencePipeline, ...) retries too.
            if (method.ContainingType != null && SaysRetry(method.ContainingType.Name))
            {
                return true;
            }

            for (var ns = method.ContainingType?.ContainingNamespace; ns != null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            {
                if (ns.ContainingNamespace?.IsGlobalNamespace == true && ns.Name == "Polly")
                {
                    return true;
                }
            }

            return false;
        }

        private static StatementSyntax? InStatementList(SyntaxNode node) =>
            node is StatementSyntax statement && (node.Parent is BlockSyntax || node.Parent is SwitchSectionSyntax || node.Parent is GlobalStatementSyntax) ? statement : null;
    }
}
