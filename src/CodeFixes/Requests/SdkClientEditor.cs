using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Credentials;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes.Requests
{
    /// <summary>
    /// <c>client.Keys.CreateAsync(...)</c> on an SDK-style client. The Idempotency-Key is the method's own
    /// <c>idempotencyKey</c> argument; a credential of its own is a second client built the way the first one is, with the
    /// other tier's key (the upgrade guide's <c>svc</c> and <c>agent</c>, the minted child key where one is in scope),
    /// declared before the call's statement and reused by the next call that needs it.
    /// </summary>
    internal sealed class SdkClientEditor : RequestEditor
    {
        public static readonly SdkClientEditor Instance = new SdkClientEditor();

        public override bool AddHeader(CallEdit edit, string name, ExpressionSyntax value, CancellationToken cancellationToken)
        {
            var call = edit.Call;
            var operation = edit.CallOperation(cancellationToken);
            var parameter = operation?.TargetMethod.Parameters.FirstOrDefault(p => string.Equals(p.Name, "idempotencyKey", StringComparison.OrdinalIgnoreCase));
            if (call == null || parameter == null || name != SaperlyApi.IdempotencyHeader)
            {
                return false;
            }

            var existing = operation!.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition, parameter.OriginalDefinition) && a.ArgumentKind == ArgumentKind.Explicit)?.Syntax as ArgumentSyntax;
            if (existing != null)
            {
                edit.Editor.ReplaceNode(existing.Expression, value.WithTriviaFrom(existing.Expression));
                return true;
            }

            var argument = edit.NewCode.NamedArgument(parameter.Name, value);
            edit.Editor.ReplaceNode(call.ArgumentList, call.ArgumentList.WithArguments(Lists.Append(call.ArgumentList.Arguments, argument)));
            return true;
        }

        public override bool Authorize(CallEdit edit, CredentialChange credential, CancellationToken cancellationToken)
        {
            var call = edit.Call;
            var resource = call?.Expression switch
            {
                MemberAccessExpressionSyntax method => method.Expression as MemberAccessExpressionSyntax,
                MemberBindingExpressionSyntax _ when call.Parent is ConditionalAccessExpressionSyntax conditional => conditional.Expression as MemberAccessExpressionSyntax,
                _ => null,
            };
            if (call == null || resource == null)
            {
                return false;
            }

            var receiver = resource.Expression;
            var construction = ConstructionOf(edit.Model, receiver, cancellationToken);
            var site = edit.EnclosingSite(call, out _);
            if (construction == null || construction.ContainsDiagnostics || site == null)
            {
                return false;
            }

            var clone = WithCredential(edit, construction, credential, site, cancellationToken);
            if (clone == null)
            {
                return false;
            }

            clone = Layout.Reindent(Layout.Moved(Mark.Untracked(clone)), Layout.LineIndentation(construction), Layout.LineIndentation(site.Node));
            var client = SameClientInScope(edit.Model, site.Node, clone, cancellationToken) is string existing
                ? SyntaxFactory.IdentifierName(existing)
                : edit.Declare(site, credential.ClientName, edit.NewCode.Hole(clone));
            edit.Editor.ReplaceNode(receiver, client.WithTriviaFrom(receiver));
            return true;
        }

        /// <summary>The construction with the target tier's credential: the source renamed, or its value replaced by the child key or a fresh read.</summary>
        private static ExpressionSyntax? WithCredential(CallEdit edit, ExpressionSyntax construction, CredentialChange credential, InsertionSite site, CancellationToken cancellationToken)
        {
            var origin = edit.Target.Place(CallLocations.CredentialOrigin) is Mark mark && mark.Document == edit.Document.Id && construction.Span.Contains(mark.Span)
                ? mark.All(edit.Root).FirstOrDefault()
                : null;
            var childKey = credential.Target == CredentialTier.ApiKey ? ChildKeyInScope(edit.Model, site.Node, cancellationToken) : null;
            if (origin != null && childKey == null && credential.InPlaceOf(origin, edit, edit.Model) is ExpressionSyntax renamed)
            {
                return construction.ReplaceNode(origin, renamed.WithTriviaFrom(origin));
            }

            var value = origin != null ? ValueHolding(edit.Model, origin, construction, cancellationToken) : CredentialValue(edit.Model, construction, cancellationToken);
            if (value == null)
            {
                return null;
            }

            var replacement = childKey ?? credential.FreshRead(edit, site.Node);
            return construction.ReplaceNode(value, replacement.WithTriviaFrom(value));
        }

        /// <summary>The outermost string argument or assigned string value of the construction that holds the credential's origin: the key itself.</summary>
        private static ExpressionSyntax? ValueHolding(SemanticModel model, SyntaxNode origin, ExpressionSyntax construction, CancellationToken cancellationToken)
        {
            ExpressionSyntax? value = null;
            for (var node = origin; node != null && node != construction; node = node.Parent)
            {
                if ((node.Parent is ArgumentSyntax || (node.Parent is AssignmentExpressionSyntax assignment && assignment.Right == node)) &&
                    model.GetTypeInfo(node, cancellationToken).Type?.SpecialType == SpecialType.System_String)
                {
                    value = (ExpressionSyntax)node;
                }
            }

            return value;
        }

        /// <summary>Where the origin is not inside the construction (<c>new SaperlyClient(key)</c>): the string argument or key property it is given.</summary>
        private static ExpressionSyntax? CredentialValue(SemanticModel model, ExpressionSyntax construction, CancellationToken cancellationToken)
        {
            foreach (var node in construction.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Left is IdentifierNameSyntax property && IsKeyName(property.Identifier.ValueText):
                        return assignment.Right;
                    case ArgumentSyntax argument when model.GetOperation(argument, cancellationToken) is IArgumentOperation { Parameter: { } parameter } &&
                                                      parameter.Type.SpecialType == SpecialType.System_String && IsKeyName(parameter.Name):
                        return argument.Expression;
                }
            }

            return null;
        }

        private static bool IsKeyName(string name) =>
            name.IndexOf("key", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("token", StringComparison.OrdinalIgnoreCase) >= 0;

        private static ExpressionSyntax? ConstructionOf(SemanticModel model, ExpressionSyntax receiver, CancellationToken cancellationToken)
        {
            var symbol = model.GetSymbolInfo(receiver, cancellationToken).Symbol;
            foreach (var reference in symbol?.DeclaringSyntaxReferences ?? System.Collections.Immutable.ImmutableArray<SyntaxReference>.Empty)
            {
                var value = reference.GetSyntax(cancellationToken) switch
                {
                    VariableDeclaratorSyntax v => v.Initializer?.Value,
                    PropertyDeclarationSyntax p => p.Initializer?.Value ?? p.ExpressionBody?.Expression,
                    _ => null,
                };
                if (value is BaseObjectCreationExpressionSyntax)
                {
                    return value;
                }
            }

            return null;
        }

        /// <summary>A local of the same construction declared before the site (an earlier fix made it): it is reused.</summary>
        private static string? SameClientInScope(SemanticModel model, SyntaxNode site, ExpressionSyntax clone, CancellationToken cancellationToken)
        {
            foreach (var local in model.LookupSymbols(site.SpanStart).OfType<ILocalSymbol>().Where(l => l.DeclaringSyntaxReferences.All(r => r.SyntaxTree == model.SyntaxTree)))
            {
                var declarator = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as VariableDeclaratorSyntax;
                if (declarator?.Initializer != null && declarator.SpanStart < site.SpanStart && SyntaxFactory.AreEquivalent(declarator.Initializer.Value, clone, topLevel: false))
                {
                    return local.Name;
                }
            }

            return null;
        }

        /// <summary>A child key minted earlier in scope: <c>child.PlaintextKey</c>.</summary>
        private static ExpressionSyntax? ChildKeyInScope(SemanticModel model, SyntaxNode site, CancellationToken cancellationToken)
        {
            foreach (var symbol in model.LookupSymbols(site.SpanStart).OfType<ILocalSymbol>().Where(l => l.DeclaringSyntaxReferences.All(r => r.SyntaxTree == model.SyntaxTree)))
            {
                var declared = symbol.DeclaringSyntaxReferences.FirstOrDefault();
                if (declared == null || declared.Span.Start > site.SpanStart)
                {
                    continue;
                }

                var plaintext = symbol.Type.GetMembers().OfType<IPropertySymbol>().FirstOrDefault(p =>
                    p.Name.Equals("PlaintextKey", StringComparison.OrdinalIgnoreCase) && p.Type.SpecialType == SpecialType.System_String);
                if (plaintext != null)
                {
                    return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(symbol.Name), SyntaxFactory.IdentifierName(plaintext.Name));
                }
            }

            return null;
        }
    }
}
