using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes.Requests
{
    /// <summary>
    /// <c>http.SendAsync(request)</c>: the request is already there. A request in a local gets its headers right after its
    /// declaration (first in a <c>using</c> statement's body, or just before the send when it is assigned elsewhere); a
    /// request created in the call gets them in its initializer, or, for a credential of its own, becomes a local first
    /// where the call runs once in its statement.
    /// </summary>
    internal sealed class RequestMessageEditor : HttpRequestEditor
    {
        public static readonly RequestMessageEditor Instance = new RequestMessageEditor();

        protected override bool WithHeaders(CallEdit edit, bool forAuthorization, Action<RequestHeaders> set, CancellationToken cancellationToken)
        {
            var call = edit.Call;
            var operation = edit.CallOperation(cancellationToken);
            var argument = operation?.Arguments.FirstOrDefault(a => a.Parameter?.Name == "request")?.Syntax as ArgumentSyntax;
            if (call == null || argument == null)
            {
                return false;
            }

            var request = Unparenthesized(argument.Expression);
            if (request is BaseObjectCreationExpressionSyntax creation)
            {
                return InTheCall(edit, call, creation, forAuthorization, set);
            }

            if (!(edit.Model.GetSymbolInfo(request, cancellationToken).Symbol is ISymbol symbol) || !(request is IdentifierNameSyntax name))
            {
                return false;
            }

            var declared = symbol is ILocalSymbol ? symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as VariableDeclaratorSyntax : null;
            if (declared?.Initializer != null && declared.Parent?.Parent is LocalDeclarationStatementSyntax declaration && declaration.Declaration.Variables.Count == 1 &&
                edit.SiteAt(declaration) is InsertionSite afterDeclaration && afterDeclaration.Kind == SiteKind.Listed)
            {
                set(new LocalRequestHeaders(edit, afterDeclaration, after: true, name));
                return true;
            }

            if (declared?.Parent?.Parent is UsingStatementSyntax { Statement: BlockSyntax body } && body.Statements.Count > 0 && edit.SiteAt(body.Statements[0]) is InsertionSite first)
            {
                set(new LocalRequestHeaders(edit, first, after: false, name));
                return true;
            }

            // Assigned elsewhere, or a parameter: the headers are set right before the send.
            var site = edit.EnclosingSite(call, out var runsOnce);
            if (site == null || !runsOnce)
            {
                return false;
            }

            set(new LocalRequestHeaders(edit, site, after: false, name));
            return true;
        }

        /// <summary><c>http.SendAsync(new HttpRequestMessage(...) { ... })</c>.</summary>
        private static bool InTheCall(CallEdit edit, InvocationExpressionSyntax call, BaseObjectCreationExpressionSyntax creation, bool forAuthorization, Action<RequestHeaders> set)
        {
            if (creation.ContainsDiagnostics)
            {
                return false;
            }

            var runsOnce = false;
            var site = forAuthorization ? edit.EnclosingSite(creation, out runsOnce) : null;
            if (site != null && runsOnce)
            {
                // The request becomes a local, as it would be written by hand to set its Authorization: declared where it was created, not disposed (it was not).
                var value = creation is ImplicitObjectCreationExpressionSyntax implicitCreation
                    ? SyntaxFactory.ObjectCreationExpression(
                        SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTriviaFrom(implicitCreation.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                        edit.TypesAt(site.Node).Type("System.Net.Http.HttpRequestMessage"),
                        implicitCreation.ArgumentList,
                        implicitCreation.Initializer)
                    : (ExpressionSyntax)creation;
                var moved = Layout.Reindent(Layout.Moved(value), Layout.LineIndentation(creation), Layout.LineIndentation(site.Node));
                var local = edit.Declare(site, "request", edit.NewCode.Hole(moved));
                set(new LocalRequestHeaders(edit, site, after: false, local));
                edit.Editor.ReplaceNode(creation, local.WithTriviaFrom(creation));
                return true;
            }

            var inline = new InlineRequestHeaders(edit, call);
            set(inline);
            var withHeaders = inline.AddTo(creation);
            if (withHeaders == null)
            {
                return false;
            }

            edit.Editor.ReplaceNode(creation, withHeaders);
            return true;
        }
    }
}
