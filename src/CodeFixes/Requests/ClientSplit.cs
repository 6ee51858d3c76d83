using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Credentials;

namespace Saperly.Migration.CodeFixes.Requests
{
    /// <summary>
    /// The upgrade guide's two-client pattern for a local <c>HttpClient</c> whose default headers carry a credential shared
    /// by both planes (a top-level program, a method that sets its client up): a second client, declared and configured
    /// the way the first one is, right after it, with the other tier's credential, and the call sent through it. The
    /// next call that needs it finds it there and is only pointed at it. Applies only where the client's declaration and
    /// every statement that configures it stand together in one statement list before the call; anywhere else the call's
    /// request gets an Authorization of its own.
    /// </summary>
    internal static class ClientSplit
    {
        public static bool TryApply(CallEdit edit, CredentialChange credential, CancellationToken cancellationToken)
        {
            var call = edit.Call;
            var declarator = edit.Place<VariableDeclaratorSyntax>(CallLocations.Client);
            if (call == null || edit.Target.Property(CallProperties.CredentialScope) != "Client" ||
                !(declarator?.Initializer?.Value is BaseObjectCreationExpressionSyntax) ||
                !(declarator.Parent?.Parent is LocalDeclarationStatementSyntax declaration) || declaration.Declaration.Variables.Count != 1 ||
                !(edit.Model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol client))
            {
                return false;
            }

            var receiver = Receiver(edit, call, client, cancellationToken);
            var configuration = Configuration(edit.Model, declaration, client, cancellationToken);
            var write = edit.Place<SyntaxNode>(CallLocations.CredentialWrite);
            var last = configuration.LastOrDefault();
            if (receiver == null || last == null || write == null || !configuration.Any(s => s.Span.Contains(write.Span)) ||
                call.SpanStart < last.Span.End || configuration.Any(s => s.ContainsDiagnostics))
            {
                return false;
            }

            // A client of the other tier already stands right after the configuration (an earlier fix made it): reuse it.
            var following = Following(last).Take(configuration.Count).ToList();
            if (following.Count == configuration.Count && following[0] is LocalDeclarationStatementSyntax { Declaration: { Variables: { Count: 1 } variables } })
            {
                var existing = variables[0].Identifier.ValueText;
                var expected = Clone(edit, configuration, client, existing, write, credential, cancellationToken);
                if (expected != null && expected.Zip(following, (a, b) => SyntaxFactory.AreEquivalent(a, b, topLevel: false)).All(same => same))
                {
                    edit.Editor.ReplaceNode(receiver, SyntaxFactory.IdentifierName(existing).WithTriviaFrom(receiver));
                    return true;
                }
            }

            var site = edit.SiteAt(last);
            if (site == null || site.Kind != SiteKind.Listed)
            {
                return false;
            }

            var name = edit.Names.Take(last, credential.ClientName);
            var clones = Clone(edit, configuration, client, name, write, credential, cancellationToken);
            if (clones == null)
            {
                return false;
            }

            foreach (var clone in clones)
            {
                site.AddAfter(clone);
            }

            edit.Editor.ReplaceNode(receiver, SyntaxFactory.IdentifierName(name).WithTriviaFrom(receiver));
            return true;
        }

        /// <summary>The client expression the call is made on, when it is the local itself.</summary>
        private static IdentifierNameSyntax? Receiver(CallEdit edit, InvocationExpressionSyntax call, ILocalSymbol client, CancellationToken cancellationToken)
        {
            var operation = edit.CallOperation(cancellationToken);
            var candidate = operation != null && operation.TargetMethod.IsExtensionMethod && operation.Arguments.Length > 0 && operation.Arguments[0].Syntax is ArgumentSyntax first
                ? first.Expression // HttpClientJsonExtensions.PostAsJsonAsync(client, ...): the client is the first argument.
                : call.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Expression,
                    MemberBindingExpressionSyntax _ when call.Parent is ConditionalAccessExpressionSyntax conditional => conditional.Expression,
                    _ => null,
                };
            return candidate is IdentifierNameSyntax name && SymbolEqualityComparer.Default.Equals(edit.Model.GetSymbolInfo(name, cancellationToken).Symbol, client) ? name : null;
        }

        /// <summary>The declaration and the statements right after it that configure the client (<c>http.X = ...</c>, <c>http.DefaultRequestHeaders.Y(...)</c>).</summary>
        private static List<StatementSyntax> Configuration(SemanticModel model, LocalDeclarationStatementSyntax declaration, ILocalSymbol client, CancellationToken cancellationToken)
        {
            var statements = new List<StatementSyntax> { declaration };
            foreach (var next in Following(declaration))
            {
                if (!(next is ExpressionStatementSyntax expression) || !Configures(model, expression.Expression, client, cancellationToken))
                {
                    break;
                }

                statements.Add(next);
            }

            return statements;
        }

        private static bool Configures(SemanticModel model, ExpressionSyntax expression, ILocalSymbol client, CancellationToken cancellationToken)
        {
            var target = expression switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                InvocationExpressionSyntax invocation => (invocation.Expression as MemberAccessExpressionSyntax)?.Expression,
                _ => null,
            };
            while (target is MemberAccessExpressionSyntax access)
            {
                target = access.Expression;
            }

            return target is IdentifierNameSyntax name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, client);
        }

        /// <summary>The configuration statements for a client named <paramref name="name"/> with the target tier's credential; null when the credential cannot be placed.</summary>
        private static List<StatementSyntax>? Clone(CallEdit edit, List<StatementSyntax> configuration, ILocalSymbol client, string name, SyntaxNode write, CredentialChange credential, CancellationToken cancellationToken)
        {
            var origin = edit.Target.Place(CallLocations.CredentialOrigin) is Mark mark && mark.Document == edit.Document.Id && write.Span.Contains(mark.Span)
                ? mark.All(edit.Root).FirstOrDefault()
                : null;
            var credentialNode = origin != null && credential.InPlaceOf(origin, edit, edit.Model) != null ? origin : CredentialValue(write);
            if (credentialNode == null)
            {
                return null;
            }

            var result = new List<StatementSyntax>();
            foreach (var statement in configuration)
            {
                var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
                foreach (var identifier in statement.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (identifier.Identifier.ValueText == client.Name && SymbolEqualityComparer.Default.Equals(edit.Model.GetSymbolInfo(identifier, cancellationToken).Symbol, client))
                    {
                        replacements[identifier] = SyntaxFactory.IdentifierName(name).WithTriviaFrom(identifier);
                    }
                }

                if (statement.Span.Contains(credentialNode.Span))
                {
                    var replacement = credentialNode == origin ? credential.InPlaceOf(origin, edit, edit.Model)! : credential.FreshRead(edit, statement);
                    replacements[credentialNode] = replacement.WithTriviaFrom(credentialNode);
                }

                var clone = statement.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
                if (clone is LocalDeclarationStatementSyntax declaration)
                {
                    var declarator = declaration.Declaration.Variables[0];
                    clone = declaration.ReplaceToken(declarator.Identifier, SyntaxFactory.Identifier(name).WithTriviaFrom(declarator.Identifier));
                }

                result.Add(Mark.Untracked(clone));
            }

            return result;
        }

        /// <summary>The credential value an Authorization write carries: <c>new AuthenticationHeaderValue("Bearer", value)</c>, <c>"Bearer " + value</c>, <c>$"Bearer {value}"</c>.</summary>
        private static ExpressionSyntax? CredentialValue(SyntaxNode write)
        {
            var header = write switch
            {
                AssignmentExpressionSyntax assignment => assignment.Right,
                InvocationExpressionSyntax invocation when invocation.ArgumentList.Arguments.Count == 2 => invocation.ArgumentList.Arguments[1].Expression,
                _ => null,
            };
            switch (header)
            {
                case BaseObjectCreationExpressionSyntax creation when creation.ArgumentList?.Arguments.Count == 2:
                    return creation.ArgumentList.Arguments[1].Expression;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                    return binary.Right;
                case InterpolatedStringExpressionSyntax interpolated when interpolated.Contents.Count == 2 && interpolated.Contents[1] is InterpolationSyntax hole:
                    return hole.Expression;
                default:
                    return null;
            }
        }

        /// <summary>The statements after <paramref name="statement"/> in its list (a block, a switch section, a top-level program).</summary>
        private static IEnumerable<StatementSyntax> Following(StatementSyntax statement)
        {
            switch (statement.Parent)
            {
                case BlockSyntax block:
                    return block.Statements.Skip(block.Statements.IndexOf(statement) + 1);
                case SwitchSectionSyntax section:
                    return section.Statements.Skip(section.Statements.IndexOf(statement) + 1);
                case GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit:
                    return unit.Members.Skip(unit.Members.IndexOf(global) + 1).TakeWhile(m => m is GlobalStatementSyntax).Select(m => ((GlobalStatementSyntax)m).Statement);
                default:
                    return Enumerable.Empty<StatementSyntax>();
            }
        }
    }
}
