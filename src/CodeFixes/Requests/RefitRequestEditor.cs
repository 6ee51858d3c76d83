using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
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
    /// A call of a Refit interface method. Refit's idiom for a header of one call is a parameter:
    /// <c>[Header("Idempotency-Key")] string? idempotencyKey = null</c> is added to the interface method (optional and
    /// last, so every other call of it compiles and sends what it sent before: Refit leaves a null header out), and the
    /// call passes the value by name. A credential of one call's own is not offered: a Refit client whose settings
    /// have an <c>AuthorizationHeaderValueGetter</c> replaces every request's token with the getter's, so the way to
    /// give key management the service key is its own interface and registration, which the developer decides.
    /// </summary>
    internal sealed class RefitRequestEditor : RequestEditor
    {
        public static readonly RefitRequestEditor Instance = new RefitRequestEditor();

        /// <summary>Not used: the header may need the interface's own file (<see cref="AddHeaderAsync"/>).</summary>
        public override bool AddHeader(CallEdit edit, string name, ExpressionSyntax value, CancellationToken cancellationToken) => false;

        public override async Task<bool> AddHeaderAsync(CallEdit edit, string name, ExpressionSyntax value, CancellationToken cancellationToken)
        {
            var call = edit.Call;
            var operation = edit.CallOperation(cancellationToken);
            var method = operation?.TargetMethod.OriginalDefinition;
            if (call == null || method == null)
            {
                return false;
            }

            // The method already has the header's parameter: the call passes it.
            var parameter = method.Parameters.FirstOrDefault(p => HeaderOf(p) is string header && string.Equals(header, name, StringComparison.OrdinalIgnoreCase));
            if (parameter != null)
            {
                var existing = operation!.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Ordinal && a.ArgumentKind == ArgumentKind.Explicit)?.Syntax as ArgumentSyntax;
                if (existing != null)
                {
                    edit.Editor.ReplaceNode(existing.Expression, value.WithTriviaFrom(existing.Expression));
                }
                else
                {
                    edit.Editor.ReplaceNode(call.ArgumentList, call.ArgumentList.WithArguments(Lists.Append(call.ArgumentList.Arguments, edit.NewCode.NamedArgument(parameter.Name, value))));
                }

                return true;
            }

            // Else the interface method gets the parameter, in its own file.
            if (!(method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration) ||
                method.Parameters.Any(p => p.IsParams) || declaration.ContainsDiagnostics)
            {
                return false;
            }

            var documentId = edit.Document.Project.Solution.GetDocumentId(declaration.SyntaxTree);
            var document = documentId == null ? null : edit.Document.Project.Solution.GetDocument(documentId);
            var model = document == null ? null : document.Id == edit.Document.Id ? edit.Model : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (documentId == null || model == null)
            {
                return false;
            }

            var parameterName = FreeParameterName(method, "idempotencyKey");
            var nullable = (model.GetNullableContext(declaration.ParameterList.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
            var attributeName = model.LookupNamespacesAndTypes(declaration.SpanStart, name: "HeaderAttribute").Any(s => s.ContainingNamespace?.ToDisplayString() == "Refit")
                ? (NameSyntax)SyntaxFactory.IdentifierName("Header")
                : SyntaxFactory.QualifiedName(SyntaxFactory.IdentifierName("Refit"), SyntaxFactory.IdentifierName("Header"));
            var added = edit.NewCode.Shape(SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameterName))
                .WithAttributeLists(SyntaxFactory.SingletonList(SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.Attribute(attributeName, SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name))))))))))
                .WithType(nullable
                    ? SyntaxFactory.NullableType(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.StringKeyword)))
                    : (TypeSyntax)SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.StringKeyword)))
                .WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression))));

            var interfaceEditor = documentId == edit.Document.Id ? edit.Editor : await edit.EditorOfAsync(documentId, cancellationToken).ConfigureAwait(false);
            interfaceEditor.ReplaceNode(declaration.ParameterList, declaration.ParameterList.WithParameters(Lists.Append(declaration.ParameterList.Parameters, added)));
            edit.Editor.ReplaceNode(call.ArgumentList, call.ArgumentList.WithArguments(Lists.Append(call.ArgumentList.Arguments, edit.NewCode.NamedArgument(parameterName, value))));
            return true;
        }

        /// <summary>Not offered: see the type's summary.</summary>
        public override bool Authorize(CallEdit edit, CredentialChange credential, CancellationToken cancellationToken) => false;

        /// <summary>The header a parameter sends (<c>[Header("Idempotency-Key")]</c>), or null.</summary>
        private static string? HeaderOf(IParameterSymbol parameter) =>
            parameter.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "Refit.HeaderAttribute")?.ConstructorArguments.FirstOrDefault().Value as string;

        private static string FreeParameterName(IMethodSymbol method, string preferred)
        {
            var name = preferred;
            for (var i = 2; method.Parameters.Any(p => p.Name == name); i++)
            {
                name = preferred + i;
            }

            return name;
        }
    }
}
