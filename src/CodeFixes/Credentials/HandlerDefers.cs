using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes.Credentials
{
    /// <summary>
    /// A <c>DelegatingHandler</c> that puts the API key on every request overwrites whatever credential a request carries,
    /// so a key-management call cannot be given the service key on its own. The smallest change that lets it: the handler
    /// sets <c>Authorization</c> only where the request has none (<c>request.Headers.Authorization ??= ...</c>, or the
    /// <c>Headers.Add</c> under <c>if (request.Headers.Authorization == null)</c>). Every request that carried no
    /// credential of its own is sent exactly as before.
    /// </summary>
    internal static class HandlerDefers
    {
        public static async Task<bool> ApplyAsync(CallEdit edit, CancellationToken cancellationToken)
        {
            if (!(edit.Target.Place(CallLocations.CredentialWrite) is Mark write))
            {
                return false;
            }

            var editor = await edit.EditorOfAsync(write.Document, cancellationToken).ConfigureAwait(false);
            var root = await editor.OriginalDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var node = root == null ? null : write.All(root).FirstOrDefault();
            switch (node)
            {
                case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                    // An earlier fix of the same Fix All made it defer.
                    return true;
                case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) &&
                                                                ((CSharpParseOptions)assignment.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8:
                    // The annotations that mark the write go along, so that the next fix of a Fix All finds it deferring.
                    editor.ReplaceNode(assignment, assignment.CopyAnnotationsTo(SyntaxFactory.AssignmentExpression(
                        SyntaxKind.CoalesceAssignmentExpression,
                        assignment.Left,
                        SyntaxFactory.Token(SyntaxKind.QuestionQuestionEqualsToken).WithTriviaFrom(assignment.OperatorToken),
                        assignment.Right))!);
                    return true;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: { } headers } } add
                    when add.Parent is ExpressionStatementSyntax statement:
                    if (statement.Parent is IfStatementSyntax guard && guard.Condition.ToString().Contains("Authorization"))
                    {
                        return true;
                    }

                    editor.ReplaceNode(statement, Guarded(statement, headers, edit.Step));
                    return true;
                default:
                    return false;
            }
        }

        /// <summary><c>if (request.Headers.Authorization == null)</c> above the statement, which moves one step in.</summary>
        private static IfStatementSyntax Guarded(ExpressionStatementSyntax statement, ExpressionSyntax headers, string step)
        {
            var indentation = Layout.LineIndentation(statement);
            var endOfLine = Layout.EndOfLine(statement);
            var condition = SyntaxFactory.BinaryExpression(
                SyntaxKind.EqualsExpression,
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Layout.Moved(headers), SyntaxFactory.IdentifierName("Authorization")),
                SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression)).NormalizeWhitespace("", " ");
            var inner = statement.WithLeadingTrivia(Layout.Whitespace(indentation + step));
            return SyntaxFactory.IfStatement(condition, inner)
                .WithIfKeyword(SyntaxFactory.Token(SyntaxKind.IfKeyword).WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.Space))
                .WithCloseParenToken(SyntaxFactory.Token(SyntaxKind.CloseParenToken).WithTrailingTrivia(endOfLine));
        }
    }
}
