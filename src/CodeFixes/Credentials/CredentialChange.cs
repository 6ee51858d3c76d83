using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes.Credentials
{
    /// <summary>
    /// What SAP001 and SAP002 change a credential to, from what the diagnostic says of it: the target tier, the secret it
    /// should read (<see cref="CallProperties.ExpectedSecret"/>, the other tier's twin of the source's own name) and the
    /// kind of source (an environment variable stays one, a configuration key stays one). It builds the credential as
    /// nodes where a fix needs one: in place of the source, or as a fresh read at a new place.
    /// </summary>
    internal sealed class CredentialChange
    {
        private CredentialChange(CredentialTier target, string expected, string? kind)
        {
            Target = target;
            Expected = expected;
            Kind = kind;
        }

        public CredentialTier Target { get; }

        /// <summary>The secret's name for the target tier: <c>SAPERLY_SERVICE_KEY</c>, <c>Saperly:ServiceKey</c>, <c>SaperlyOptions.ServiceKey</c>.</summary>
        public string Expected { get; }

        /// <summary>The source's <c>CredentialKind</c>, by name.</summary>
        public string? Kind { get; }

        public static CredentialChange From(CallTarget target, CredentialTier tier) =>
            new CredentialChange(tier, target.Property(CallProperties.ExpectedSecret) ?? SaperlyApi.ConventionalSecret(tier), target.Property(CallProperties.CredentialKind));

        /// <summary>Local names of the new client a split creates: the upgrade guide's <c>svc</c> and <c>agent</c>.</summary>
        public string ClientName => Target == CredentialTier.ServiceKey ? "svc" : "agent";

        /// <summary>
        /// The credential in place of its source inside code a fix copies or edits: the name literal renamed, the options
        /// property swapped for its twin, a key literal turned into an environment read; null when the origin is none of
        /// these (the caller then puts a fresh read in place of the whole value).
        /// </summary>
        public ExpressionSyntax? InPlaceOf(SyntaxNode origin, CallEdit edit, SemanticModel model)
        {
            switch (Kind)
            {
                case "EnvironmentVariable":
                case "Configuration":
                case "SecretLookup":
                    return origin is LiteralExpressionSyntax name && name.IsKind(SyntaxKind.StringLiteralExpression)
                        ? SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(Expected)).WithTriviaFrom(name)
                        : null;
                case "OptionsProperty":
                    var twin = Expected.Substring(Expected.LastIndexOf('.') + 1);
                    switch (origin)
                    {
                        case MemberAccessExpressionSyntax access when HasStringProperty(model.GetTypeInfo(access.Expression).Type, twin):
                            return access.WithName(SyntaxFactory.IdentifierName(twin).WithTriviaFrom(access.Name));
                        case IdentifierNameSyntax identifier when HasStringProperty(model.GetSymbolInfo(identifier).Symbol?.ContainingType, twin):
                            return SyntaxFactory.IdentifierName(twin).WithTriviaFrom(identifier);
                        default:
                            return null;
                    }

                case "Literal":
                    return origin is LiteralExpressionSyntax key && key.IsKind(SyntaxKind.StringLiteralExpression)
                        ? KeyLiteralReplacement(key, edit)
                        : null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// A fresh read of the target tier's credential at <paramref name="at"/>: <c>config["Saperly:ServiceKey"]</c> when the
        /// source was configuration and an <c>IConfiguration</c> is in scope there, else
        /// <c>Environment.GetEnvironmentVariable(...)</c> of the expected variable (an environment source) or the tier's
        /// conventional one.
        /// </summary>
        public ExpressionSyntax FreshRead(CallEdit edit, SyntaxNode at)
        {
            if (Kind == "Configuration" && ConfigurationInScope(edit.Model, at.SpanStart) is string configuration)
            {
                return SyntaxFactory.ElementAccessExpression(
                    SyntaxFactory.IdentifierName(configuration),
                    SyntaxFactory.BracketedArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                        SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(Expected))))));
            }

            return EnvironmentRead(edit, at, Kind == "EnvironmentVariable" ? Expected : SaperlyApi.ConventionalSecret(Target));
        }

        /// <summary><c>Environment.GetEnvironmentVariable("NAME")</c>, with <c>Environment</c> named as it binds at <paramref name="at"/>.</summary>
        public static ExpressionSyntax EnvironmentRead(CallEdit edit, SyntaxNode at, string variable) =>
            edit.NewCode.Shape(SyntaxFactory.InvocationExpression(
                edit.TypesAt(at).Member("System.Environment", "GetEnvironmentVariable"),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                    SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(variable)))))));

        /// <summary>A key literal becomes the tier's environment read; a bearer string <c>"Bearer sk_…"</c> keeps its scheme.</summary>
        private ExpressionSyntax KeyLiteralReplacement(LiteralExpressionSyntax key, CallEdit edit)
        {
            var read = EnvironmentRead(edit, key, SaperlyApi.ConventionalSecret(Target));
            if (!key.Token.ValueText.TrimStart().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return read.WithTriviaFrom(key);
            }

            var bearer = SyntaxFactory.BinaryExpression(SyntaxKind.AddExpression, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("Bearer ")), read);
            // Parenthesized for any context; the clean-up drops the parentheses where they are not needed.
            return edit.NewCode.Shape(SyntaxFactory.ParenthesizedExpression(bearer)).WithAdditionalAnnotations(Simplifier.Annotation).WithTriviaFrom(key);
        }

        /// <summary>
        /// The source itself changes tier, wherever it is (a DI registration in another file included): the analyzer
        /// decided that it feeds calls of this plane only (<see cref="CallProperties.RenameSource"/>).
        /// </summary>
        public async Task<bool> RenameSourceAsync(CallEdit edit, CancellationToken cancellationToken)
        {
            if (!(edit.Target.Place(CallLocations.CredentialOrigin) is Mark origin))
            {
                return false;
            }

            var editor = await edit.EditorOfAsync(origin.Document, cancellationToken).ConfigureAwait(false);
            var root = await editor.OriginalDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await editor.OriginalDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return false;
            }

            foreach (var node in origin.All(root))
            {
                var replacement = InPlaceOf(node, edit, model);
                if (replacement != null)
                {
                    editor.ReplaceNode(node, replacement.WithTriviaFrom(node));
                    return true;
                }
            }

            return false;
        }

        private static bool HasStringProperty(ITypeSymbol? type, string name) =>
            type != null && type.GetMembers(name).OfType<IPropertySymbol>().Any(p => p.Type.SpecialType == SpecialType.System_String);

        /// <summary>The name of an <c>IConfiguration</c> local, parameter, field or property in scope at the position.</summary>
        private static string? ConfigurationInScope(SemanticModel model, int position)
        {
            foreach (var symbol in model.LookupSymbols(position))
            {
                // A top-level program's locals are looked up from every file, and usable only in its own (CS8801).
                if (symbol is ILocalSymbol local && local.DeclaringSyntaxReferences.Any(r => r.SyntaxTree != model.SyntaxTree))
                {
                    continue;
                }

                var type = symbol switch
                {
                    ILocalSymbol l => l.Type,
                    IParameterSymbol p => p.Type,
                    IFieldSymbol f => f.Type,
                    IPropertySymbol p => p.Type,
                    _ => null,
                };
                if (type != null && (type.Name == "IConfiguration" || type.AllInterfaces.Any(i => i.Name == "IConfiguration")) &&
                    type.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.Extensions.Configuration", StringComparison.Ordinal) == true)
                {
                    return symbol.Name;
                }
            }

            return null;
        }
    }
}
