using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Credentials;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes.Requests
{
    /// <summary>
    /// A RestSharp call with a <c>RestRequest</c>. RestSharp's own idiom is the request's: the Idempotency-Key is
    /// <c>.AddHeader("Idempotency-Key", key)</c> on the request where it is created (in the call, or in the local it is
    /// declared in), and a credential of the request's own is its <c>Authenticator</c>
    /// (<c>new RestRequest(...) { Authenticator = new JwtAuthenticator(serviceKey) }</c>), which RestSharp uses instead of
    /// the client's. A call made with a resource string (<c>client.GetJsonAsync&lt;T&gt;("v1/keys")</c>) has no request to
    /// edit and is left to the developer.
    /// </summary>
    internal sealed class RestSharpRequestEditor : RequestEditor
    {
        public static readonly RestSharpRequestEditor Instance = new RestSharpRequestEditor();

        private const string JwtAuthenticator = "RestSharp.Authenticators.JwtAuthenticator";

        public override bool AddHeader(CallEdit edit, string name, ExpressionSyntax value, CancellationToken cancellationToken) =>
            EditRequest(edit, cancellationToken, request =>
            {
                var header = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name));
                return edit.NewCode.Shape(SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, edit.NewCode.Hole(request), SyntaxFactory.IdentifierName("AddHeader")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(header), SyntaxFactory.Argument(edit.NewCode.Hole(value)) }))));
            });

        public override bool Authorize(CallEdit edit, CredentialChange credential, CancellationToken cancellationToken)
        {
            var call = edit.Call;
            if (call == null)
            {
                return false;
            }

            var authenticator = edit.NewCode.Shape(SyntaxFactory.ObjectCreationExpression(edit.TypesAt(call).Type(JwtAuthenticator))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(edit.NewCode.Hole(credential.FreshRead(edit, call)))))));
            return EditRequest(edit, cancellationToken, request =>
            {
                var creation = Innermost(request)!;
                var existing = creation.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>()
                    .FirstOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "Authenticator" });
                BaseObjectCreationExpressionSyntax updated;
                if (existing != null)
                {
                    updated = creation.ReplaceNode(existing.Right, authenticator.WithTriviaFrom(existing.Right));
                }
                else
                {
                    var assignment = edit.NewCode.ShapeElement((ExpressionSyntax)SyntaxFactory.AssignmentExpression(
                        SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("Authenticator"), edit.NewCode.Hole(authenticator)));
                    updated = creation.Initializer == null
                        ? creation.WithArgumentList(creation.ArgumentList?.WithoutTrailingTrivia() ?? SyntaxFactory.ArgumentList())
                            .WithInitializer(edit.NewCode.ShapeWithin(
                                SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList(assignment)),
                                i => SyntaxFactory.ObjectCreationExpression(SyntaxFactory.IdentifierName("X")).WithArgumentList(SyntaxFactory.ArgumentList()).WithInitializer(i))
                                .WithLeadingTrivia(SyntaxFactory.Space)
                                .WithTrailingTrivia(creation.GetTrailingTrivia()))
                        : creation.WithInitializer(creation.Initializer.WithExpressions(Lists.Append(creation.Initializer.Expressions, assignment)));
                }

                return request.ReplaceNode(creation, updated);
            });
        }

        /// <summary>
        /// Rewrites the expression that creates the call's request: the argument itself when it is a creation (or a chain
        /// on one), the initializer of the local the argument names (in this document), or, for a call made with a
        /// resource string whose method has the same overload for a request (<c>GetAsync&lt;T&gt;("v1/keys")</c>),
        /// <c>new RestRequest("v1/keys")</c> in its place. False when the request is made elsewhere.
        /// </summary>
        private static bool EditRequest(CallEdit edit, CancellationToken cancellationToken, System.Func<ExpressionSyntax, ExpressionSyntax> rewrite)
        {
            var operation = edit.CallOperation(cancellationToken);
            if (operation == null)
            {
                return false;
            }

            var argument = operation.Arguments.FirstOrDefault(a => a.Parameter?.Type.Name == "RestRequest" && a.ArgumentKind == ArgumentKind.Explicit);
            if (argument?.Value.Syntax is ExpressionSyntax expression)
            {
                if (Innermost(expression) != null)
                {
                    edit.Editor.ReplaceNode(expression, rewrite(expression).WithTriviaFrom(expression));
                    return true;
                }

                if (edit.Model.GetSymbolInfo(expression, cancellationToken).Symbol is ILocalSymbol local &&
                    local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is VariableDeclaratorSyntax declarator &&
                    declarator.SyntaxTree == edit.Root.SyntaxTree && declarator.Initializer?.Value is ExpressionSyntax value && Innermost(value) != null)
                {
                    edit.Editor.ReplaceNode(value, rewrite(value).WithTriviaFrom(value));
                    return true;
                }

                return false;
            }

            var resource = operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "resource" && a.ArgumentKind == ArgumentKind.Explicit);
            if (resource?.Value.Syntax is ExpressionSyntax text && HasRequestOverload(operation.TargetMethod, resource.Parameter!.Ordinal) &&
                operation.Arguments.All(a => a == resource || a.ArgumentKind != ArgumentKind.Explicit || a.Parameter?.Ordinal < resource.Parameter.Ordinal || a.Parameter?.Type.Name == "CancellationToken"))
            {
                var request = edit.NewCode.Shape(SyntaxFactory.ObjectCreationExpression(edit.TypesAt(text).Type("RestSharp.RestRequest"))
                    .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(edit.NewCode.Hole(text))))));
                edit.Editor.ReplaceNode(text, rewrite(request).WithTriviaFrom(text));
                return true;
            }

            return false;
        }

        /// <summary>
        /// Whether the method's type (its static class, or its C# 14 extension block) has an overload of the same name and
        /// arity that takes a <c>RestRequest</c> where it takes the resource, and nothing more that is required.
        /// </summary>
        private static bool HasRequestOverload(IMethodSymbol method, int resource) =>
            method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(m =>
                m.Arity == method.Arity && m.Parameters.Length > resource && m.Parameters[resource].Type.Name == "RestRequest" &&
                m.Parameters.Skip(resource + 1).All(p => p.IsOptional));

        /// <summary>The <c>new RestRequest(...)</c> a chain of request links starts from (<c>new RestRequest(...).AddJsonBody(b)</c>), or null.</summary>
        private static BaseObjectCreationExpressionSyntax? Innermost(ExpressionSyntax expression)
        {
            var current = expression;
            while (true)
            {
                switch (current)
                {
                    case BaseObjectCreationExpressionSyntax creation:
                        return creation;
                    case ParenthesizedExpressionSyntax parenthesized:
                        current = parenthesized.Expression;
                        break;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                        current = access.Expression;
                        break;
                    default:
                        return null;
                }
            }
        }
    }
}
