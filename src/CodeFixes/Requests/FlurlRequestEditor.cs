using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Credentials;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes.Requests
{
    /// <summary>
    /// A Flurl chain (<c>url.AppendPathSegment("v1/keys").WithOAuthBearerToken(key).PostJsonAsync(body)</c>). Flurl's own
    /// idiom is a link of the chain: the Idempotency-Key is <c>.WithHeader("Idempotency-Key", key)</c> and a credential of
    /// this request's own is <c>.WithOAuthBearerToken(serviceKey)</c>, put just before the call that sends, which Flurl lets
    /// win over the client's headers. A chain written one link per line gets the new link on a line of its own.
    /// </summary>
    internal sealed class FlurlRequestEditor : RequestEditor
    {
        public static readonly FlurlRequestEditor Instance = new FlurlRequestEditor();

        public override bool AddHeader(CallEdit edit, string name, ExpressionSyntax value, CancellationToken cancellationToken)
        {
            var header = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name));
            return InsertLink(edit, "WithHeader", header, edit.NewCode.Hole(value));
        }

        public override bool Authorize(CallEdit edit, CredentialChange credential, CancellationToken cancellationToken)
        {
            var call = edit.Call;
            if (call == null)
            {
                return false;
            }

            // The request's own bearer link, when the chain has one: its token changes, no second link is added.
            var own = Links(call).FirstOrDefault(l => LinkName(l) == "WithOAuthBearerToken" && l.ArgumentList.Arguments.Count == 1);
            if (own != null)
            {
                var token = own.ArgumentList.Arguments[0].Expression;
                edit.Editor.ReplaceNode(token, credential.FreshRead(edit, call).WithTriviaFrom(token));
                return true;
            }

            return InsertLink(edit, "WithOAuthBearerToken", credential.FreshRead(edit, call));
        }

        /// <summary><c>receiver.Send(...)</c> becomes <c>receiver.Link(arguments).Send(...)</c>, laid out as the chain is.</summary>
        private static bool InsertLink(CallEdit edit, string link, params ExpressionSyntax[] arguments)
        {
            if (!(edit.Call?.Expression is MemberAccessExpressionSyntax send))
            {
                return false;
            }

            var receiver = send.Expression;
            var invocation = edit.NewCode.Shape(SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, edit.NewCode.Hole(receiver), SyntaxFactory.IdentifierName(link)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.Select(SyntaxFactory.Argument)))));
            var access = (MemberAccessExpressionSyntax)invocation.Expression;

            // One link per line: the new link starts its line like the sending call's link does, and ends it like the receiver.
            var endsLine = receiver.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var dot = access.OperatorToken.WithLeadingTrivia(send.OperatorToken.LeadingTrivia);
            invocation = invocation
                .WithExpression(access.WithExpression(access.Expression.WithLeadingTrivia(receiver.GetLeadingTrivia()).WithTrailingTrivia(receiver.GetTrailingTrivia())).WithOperatorToken(dot))
                .WithArgumentList(invocation.ArgumentList.WithCloseParenToken(invocation.ArgumentList.CloseParenToken.WithTrailingTrivia(
                    endsLine ? SyntaxFactory.TriviaList(Layout.EndOfLine(receiver)) : SyntaxFactory.TriviaList())));
            edit.Editor.ReplaceNode(receiver, invocation);
            return true;
        }

        /// <summary>The calls of the chain before the one that sends, nearest first.</summary>
        private static System.Collections.Generic.IEnumerable<InvocationExpressionSyntax> Links(InvocationExpressionSyntax call)
        {
            for (var expression = (call.Expression as MemberAccessExpressionSyntax)?.Expression; expression is InvocationExpressionSyntax link; expression = (link.Expression as MemberAccessExpressionSyntax)?.Expression)
            {
                yield return link;
            }
        }

        private static string? LinkName(InvocationExpressionSyntax link) => (link.Expression as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText;
    }
}
