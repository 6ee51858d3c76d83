using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Recognition;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Shared;

namespace Saperly.Migration.CodeFixes.Credentials
{
    /// <summary>One edit of a credential fix: which document, and what to do to it.</summary>
    internal sealed class PlannedEdit
    {
        public PlannedEdit(DocumentId document, Action<DocumentEditor> apply, string? key = null)
        {
            Document = document;
            Apply = apply;
            Key = key;
        }

        public DocumentId Document { get; }

        /// <summary>Edits with the same key are the same edit (one source renamed for several calls): applied once.</summary>
        public string? Key { get; }
        public Action<DocumentEditor> Apply { get; }
    }

    /// <summary>Local names handed out while planning, so several fixes in one method never collide.</summary>
    internal sealed class NameReservations
    {
        // Names are reserved per member: two methods may each have their own "request".
        private readonly HashSet<string> _taken = new HashSet<string>(StringComparer.Ordinal);

        public string Reserve(SemanticModel model, int position, string preferred)
        {
            var member = model.SyntaxTree.GetRoot().FindToken(position).Parent?.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault();
            var scope = (member?.Span.ToString() ?? "") + ":";
            var name = StatementText.FreeName(model, position, preferred);
            for (var i = 2; !_taken.Add(scope + name); i++)
            {
                name = StatementText.FreeName(model, position, preferred + i);
            }

            return name;
        }

        private readonly Dictionary<string, string> _clients = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>A client declaration another fix in the same batch already plans for this block.</summary>
        public bool TryGetPlannedClient(string key, out string name) => _clients.TryGetValue(key, out name!);

        public void PlanClient(string key, string name) => _clients[key] = name;
    }

    /// <summary>
    /// SAP001 and SAP002 share one strategy: when the credential source feeds only calls of the plane
    /// being fixed, the source itself changes tier (in whatever file it is, DI registrations included);
    /// when it is shared with the other plane, the flagged call gets its own credential of the right
    /// tier, from the same kind of source, and the other calls stay untouched.
    /// </summary>
    internal static class CredentialFix
    {
        public static async Task<ImmutableArray<PlannedEdit>> PlanAsync(Document document, Diagnostic diagnostic, CredentialTier target, NameReservations names, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null || diagnostic.AdditionalLocations.Count <= CallProperties.CredentialOriginLocation)
            {
                return ImmutableArray<PlannedEdit>.Empty;
            }

            var invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation == null)
            {
                return ImmutableArray<PlannedEdit>.Empty;
            }

            var properties = diagnostic.Properties;
            var kind = properties.TryGetValue(CallProperties.CredentialKind, out var k) ? k : null;
            var expected = properties.TryGetValue(CallProperties.ExpectedSecret, out var e) && e != null ? e : SaperlyApi.ConventionalSecret(target);
            var origin = diagnostic.AdditionalLocations[CallProperties.CredentialOriginLocation];
            var originDocument = document.Project.Solution.GetDocument(origin.SourceTree);
            if (originDocument == null)
            {
                return ImmutableArray<PlannedEdit>.Empty;
            }

            // A source in generated code (a DI registration in a .g.cs) is never edited: split at the call instead.
            var plane = target == CredentialTier.ServiceKey ? ApiPlane.KeyManagement : ApiPlane.DataPlane;
            if (origin.SourceTree != null && !Idempotency.SyntaxLayout.IsGenerated(origin.SourceTree) &&
                await FeedsOnlyAsync(document.Project, origin, plane, cancellationToken).ConfigureAwait(false))
            {
                var rename = await RenameSourceAsync(originDocument, origin, kind, expected, target, cancellationToken).ConfigureAwait(false);
                if (rename != null)
                {
                    return ImmutableArray.Create(rename);
                }
            }

            return Split(document, model, invocation, properties, kind, expected, target, names, cancellationToken);
        }

        /// <summary>Whether every Saperly call whose credential comes from this origin is on the given plane.</summary>
        private static async Task<bool> FeedsOnlyAsync(Project project, Location origin, ApiPlane plane, CancellationToken cancellationToken)
        {
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var shared = compilation == null ? null : SaperlyCompilation.ForCalls(compilation, project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
            if (shared == null)
            {
                return false;
            }

            foreach (var call in shared.AllCalls(project.AnalyzerOptions, cancellationToken))
            {
                var source = call.Credential?.Origin.Syntax;
                if (source != null && source.SyntaxTree.FilePath == origin.SourceTree?.FilePath && source.Span == origin.SourceSpan && call.Operation.Plane != plane)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Change the source itself: the secret's name, the options property, or a key literal.</summary>
        private static async Task<PlannedEdit?> RenameSourceAsync(Document document, Location origin, string? kind, string expected, CredentialTier target, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var node = root?.FindNode(origin.SourceSpan, getInnermostNodeForTie: true);
            if (node == null || model == null)
            {
                return null;
            }

            switch (kind)
            {
                case nameof(CredentialKind.EnvironmentVariable):
                case nameof(CredentialKind.Configuration):
                case nameof(CredentialKind.SecretLookup):
                    if (node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
                    {
                        return new PlannedEdit(document.Id, editor => editor.ReplaceNode(literal, (current, _) =>
                            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(expected)).WithTriviaFrom(current)), "rename:" + literal.Span);
                    }

                    return null;
                case nameof(CredentialKind.OptionsProperty):
                    var twin = expected.Substring(expected.LastIndexOf('.') + 1);
                    if (node is MemberAccessExpressionSyntax access && model.GetTypeInfo(access.Expression, cancellationToken).Type is ITypeSymbol type &&
                        type.GetMembers(twin).OfType<IPropertySymbol>().Any())
                    {
                        return new PlannedEdit(document.Id, editor => editor.ReplaceNode(access.Name, (current, _) =>
                            SyntaxFactory.IdentifierName(twin).WithTriviaFrom(current)), "rename:" + access.Name.Span);
                    }

                    return null;
                case nameof(CredentialKind.Literal):
                    if (node is LiteralExpressionSyntax key && key.IsKind(SyntaxKind.StringLiteralExpression))
                    {
                        var read = FrameworkNames.Spell(model, key.SpanStart, "System.Environment") + ".GetEnvironmentVariable(\"" + SaperlyApi.ConventionalSecret(target) + "\")";
                        var code = key.Token.ValueText.TrimStart().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? "\"Bearer \" + " + read : read;
                        return new PlannedEdit(document.Id, editor => editor.ReplaceNode(key, (current, _) =>
                            FrameworkNames.MarkQualified(SyntaxFactory.ParseExpression(code)).WithTriviaFrom(current)), "rename:" + key.Span);
                    }

                    return null;
                default:
                    return null;
            }
        }

        private static ImmutableArray<PlannedEdit> Split(Document document, SemanticModel model, InvocationExpressionSyntax invocation, ImmutableDictionary<string, string?> properties,
            string? kind, string expected, CredentialTier target, NameReservations names, CancellationToken cancellationToken)
        {
            var shape = properties.TryGetValue(CallProperties.Shape, out var s) ? s : null;
            var anchor = StatementText.EnclosingBlockStatement(invocation);
            if (anchor == null)
            {
                return SplitInExpressionBody(document, model, invocation, shape, kind, expected, target, names, cancellationToken);
            }

            if (anchor.ContainsDiagnostics)
            {
                return ImmutableArray<PlannedEdit>.Empty;
            }

            var credential = CredentialExpression(model, invocation.SpanStart, kind, expected, target, cancellationToken);
            switch (shape)
            {
                case nameof(CallShape.TypedClient):
                    return SplitTypedClient(document, model, invocation, anchor, kind, expected, target, names, cancellationToken);
                case nameof(CallShape.SendRequest):
                    var authorized = AuthorizeRequest(document, model, invocation, credential, cancellationToken);
                    if (!authorized.IsEmpty)
                    {
                        return authorized;
                    }

                    // The request is created in the call itself (the shape SAP003's fix leaves): it becomes a local first.
                    var hoisted = RequestRewrite.Hoist(model, invocation, anchor, StatementText.Indentation(anchor), names, cancellationToken);
                    if (hoisted == null)
                    {
                        return ImmutableArray<PlannedEdit>.Empty;
                    }

                    var authorizeHoisted = Authorization(model, anchor.SpanStart, hoisted.RequestName, credential);
                    return ImmutableArray.Create(new PlannedEdit(document.Id, editor => hoisted.Apply(editor, authorizeHoisted)));
                case nameof(CallShape.Shorthand):
                case nameof(CallShape.JsonExtension):
                    var rewrite = RequestRewrite.Plan(model, invocation, anchor, names, cancellationToken);
                    if (rewrite == null)
                    {
                        return ImmutableArray<PlannedEdit>.Empty;
                    }

                    var authorize = Authorization(model, anchor.SpanStart, rewrite.RequestName, credential);
                    return ImmutableArray.Create(new PlannedEdit(document.Id, editor => rewrite.Apply(editor, authorize)));
                default:
                    return ImmutableArray<PlannedEdit>.Empty;
            }
        }

        /// <summary>
        /// <c>Task&lt;HttpResponseMessage&gt; Mint() =&gt; _http.PostAsync("v1/keys", body);</c>: the method gets a block
        /// body with its own request and credential (shorthand and JSON calls, and a request created in the call).
        /// </summary>
        private static ImmutableArray<PlannedEdit> SplitInExpressionBody(Document document, SemanticModel model, InvocationExpressionSyntax invocation, string? shape,
            string? kind, string expected, CredentialTier target, NameReservations names, CancellationToken cancellationToken)
        {
            if (shape != nameof(CallShape.Shorthand) && shape != nameof(CallShape.JsonExtension) && shape != nameof(CallShape.SendRequest))
            {
                return ImmutableArray<PlannedEdit>.Empty;
            }

            var arrow = invocation.FirstAncestorOrSelf<ArrowExpressionClauseSyntax>();
            if (!(arrow?.Parent is MethodDeclarationSyntax method) || method.ContainsDiagnostics ||
                invocation.Ancestors().TakeWhile(a => a != arrow).Any(a => a is AnonymousFunctionExpressionSyntax))
            {
                return ImmutableArray<PlannedEdit>.Empty;
            }

            var rewrite = shape == nameof(CallShape.SendRequest)
                ? RequestRewrite.Hoist(model, invocation, method, StatementText.Indentation(method) + "    ", names, cancellationToken)
                : RequestRewrite.Plan(model, invocation, method, names, cancellationToken);
            if (rewrite == null)
            {
                return ImmutableArray<PlannedEdit>.Empty;
            }

            var credential = CredentialExpression(model, invocation.SpanStart, kind, expected, target, cancellationToken);
            var authorize = Authorization(model, invocation.SpanStart, rewrite.RequestName, credential);
            return ImmutableArray.Create(new PlannedEdit(document.Id, editor => RequestRewrite.TryApplyToExpressionBody(editor, rewrite, method, model, authorize)));
        }

        /// <summary>The statement that gives a request of its own the credential, with names looked up at <paramref name="position"/>.</summary>
        private static string Authorization(SemanticModel model, int position, string request, string credential) =>
            request + ".Headers.Authorization = new " + FrameworkNames.Spell(model, position, "System.Net.Http.Headers.AuthenticationHeaderValue") + "(\"Bearer\", " + credential + ");";

        /// <summary>The request local's own Authorization, set right after it is declared.</summary>
        private static ImmutableArray<PlannedEdit> AuthorizeRequest(Document document, SemanticModel model, InvocationExpressionSyntax invocation, string credential, CancellationToken cancellationToken)
        {
            var requestArgument = invocation.ArgumentList.Arguments.FirstOrDefault();
            if (requestArgument == null || !(model.GetSymbolInfo(requestArgument.Expression, cancellationToken).Symbol is ILocalSymbol local))
            {
                return ImmutableArray<PlannedEdit>.Empty;
            }

            var declaration = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken).FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
            if (declaration == null || !(declaration.Parent is BlockSyntax))
            {
                return ImmutableArray<PlannedEdit>.Empty;
            }

            var code = Authorization(model, declaration.Span.End, local.Name, credential);
            return ImmutableArray.Create(new PlannedEdit(document.Id, editor =>
                editor.InsertAfter(declaration, FrameworkNames.MarkQualified(StatementText.Statement(code, declaration)))));
        }

        /// <summary>The upgrade guide's svc/agent pair: a second client of the right tier for this call.</summary>
        private static ImmutableArray<PlannedEdit> SplitTypedClient(Document document, SemanticModel model, InvocationExpressionSyntax invocation, StatementSyntax anchor,
            string? kind, string expected, CredentialTier target, NameReservations names, CancellationToken cancellationToken)
        {
            if (!(invocation.Expression is MemberAccessExpressionSyntax method) || !(method.Expression is MemberAccessExpressionSyntax resource))
            {
                return ImmutableArray<PlannedEdit>.Empty;
            }

            var receiver = resource.Expression;
            var operation = model.GetOperation(invocation, cancellationToken) as IInvocationOperation;
            var construction = ConstructionOf(model, receiver, cancellationToken);

            // Copying a construction that has syntax errors would copy the errors too.
            if (operation == null || construction == null || construction.ContainsDiagnostics)
            {
                return ImmutableArray<PlannedEdit>.Empty;
            }

            // The credential expression inside the construction (env read, config read, literal, options property).
            var credentialNode = construction.DescendantNodes().OfType<ExpressionSyntax>().FirstOrDefault(n => IsCredentialExpression(model, n, cancellationToken));
            if (credentialNode == null)
            {
                return ImmutableArray<PlannedEdit>.Empty;
            }

            var replacement = target == CredentialTier.ApiKey ? ChildKeyInScope(model, anchor, cancellationToken) : null;
            replacement ??= SameKindCredential(credentialNode, kind, expected, target, model, invocation.SpanStart, cancellationToken);
            var clone = construction.ReplaceNode(credentialNode, SyntaxFactory.ParseExpression(replacement).WithTriviaFrom(credentialNode));

            // A client of the right tier built the same way is already in scope (an earlier fix made it): reuse it.
            var existing = SameClientInScope(model, anchor, clone, cancellationToken);
            if (existing != null)
            {
                return ImmutableArray.Create(new PlannedEdit(document.Id, editor =>
                    editor.ReplaceNode(receiver, (current, _) => SyntaxFactory.IdentifierName(existing).WithTriviaFrom(current))));
            }

            var plannedKey = anchor.Parent!.Span + ":" + Normalize(clone.ToString());
            if (names.TryGetPlannedClient(plannedKey, out var planned))
            {
                return ImmutableArray.Create(new PlannedEdit(document.Id, editor =>
                    editor.ReplaceNode(receiver, (current, _) => SyntaxFactory.IdentifierName(planned).WithTriviaFrom(current))));
            }

            var name = names.Reserve(model, anchor.SpanStart, target == CredentialTier.ServiceKey ? "svc" : "agent");
            names.PlanClient(plannedKey, name);
            var declaration = "var " + name + " = " + StatementText.Reindent(clone.WithoutTrivia().ToFullString(), StatementText.LineIndentation(construction), StatementText.Indentation(anchor)) + ";";
            return ImmutableArray.Create(new PlannedEdit(document.Id, editor =>
            {
                editor.InsertBefore(anchor, FrameworkNames.MarkQualified(StatementText.Statement(declaration, anchor)));
                editor.ReplaceNode(receiver, (current, _) => SyntaxFactory.IdentifierName(name).WithTriviaFrom(current));
            }));
        }

        private static string? SameClientInScope(SemanticModel model, StatementSyntax anchor, ExpressionSyntax clone, CancellationToken cancellationToken)
        {
            var wanted = Normalize(clone.ToString());
            foreach (var local in model.LookupSymbols(anchor.SpanStart).OfType<ILocalSymbol>())
            {
                var declarator = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as VariableDeclaratorSyntax;
                if (declarator?.Initializer != null && declarator.SpanStart < anchor.SpanStart && Normalize(declarator.Initializer.Value.ToString()) == wanted)
                {
                    return local.Name;
                }
            }

            return null;
        }

        private static string Normalize(string code) => new string(code.Where(c => !char.IsWhiteSpace(c)).ToArray()).Replace("global::System.", "");

        private static ExpressionSyntax? ConstructionOf(SemanticModel model, ExpressionSyntax receiver, CancellationToken cancellationToken)
        {
            var symbol = model.GetSymbolInfo(receiver, cancellationToken).Symbol;
            foreach (var reference in symbol?.DeclaringSyntaxReferences ?? ImmutableArray<SyntaxReference>.Empty)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                var value = syntax switch
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

        private static bool IsCredentialExpression(SemanticModel model, ExpressionSyntax node, CancellationToken cancellationToken)
        {
            switch (node)
            {
                case InvocationExpressionSyntax call:
                    var text = call.Expression.ToString();
                    return text.EndsWith("GetEnvironmentVariable", StringComparison.Ordinal) || text.EndsWith("GetValue<string>", StringComparison.Ordinal);
                case ElementAccessExpressionSyntax element:
                    return model.GetTypeInfo(element, cancellationToken).Type?.SpecialType == SpecialType.System_String &&
                           element.ArgumentList.Arguments.Count == 1 && element.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax;
                case LiteralExpressionSyntax literal:
                    return SaperlyApi.ClassifyKeyLiteral(literal.Token.ValueText) != CredentialTier.Unknown;
                default:
                    return false;
            }
        }

        /// <summary>A child key minted earlier in the same block: <c>child.PlaintextKey</c>.</summary>
        private static string? ChildKeyInScope(SemanticModel model, StatementSyntax anchor, CancellationToken cancellationToken)
        {
            foreach (var symbol in model.LookupSymbols(anchor.SpanStart).OfType<ILocalSymbol>())
            {
                var declared = symbol.DeclaringSyntaxReferences.FirstOrDefault();
                if (declared == null || declared.Span.Start > anchor.SpanStart)
                {
                    continue;
                }

                var plaintext = symbol.Type.GetMembers().OfType<IPropertySymbol>().FirstOrDefault(p =>
                    p.Name.Equals("PlaintextKey", StringComparison.OrdinalIgnoreCase) && p.Type.SpecialType == SpecialType.System_String);
                if (plaintext != null)
                {
                    return symbol.Name + "." + plaintext.Name;
                }
            }

            return null;
        }

        /// <summary>The same kind of source for the other tier: env var → env var, configuration → configuration.</summary>
        private static string SameKindCredential(ExpressionSyntax original, string? kind, string expected, CredentialTier target, SemanticModel model, int position, CancellationToken cancellationToken)
        {
            if ((kind == nameof(CredentialKind.EnvironmentVariable) || kind == nameof(CredentialKind.Configuration) || kind == nameof(CredentialKind.SecretLookup)) &&
                original.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().FirstOrDefault(l => l.IsKind(SyntaxKind.StringLiteralExpression)) is LiteralExpressionSyntax name)
            {
                return original.ReplaceNode(name, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(expected))).ToString();
            }

            return CredentialExpression(model, position, kind, expected, target, cancellationToken);
        }

        /// <summary>
        /// A fresh credential read for the target tier at a position: configuration when the source was
        /// configuration and an IConfiguration is in scope, else the conventional environment variable.
        /// </summary>
        private static string CredentialExpression(SemanticModel model, int position, string? kind, string expected, CredentialTier target, CancellationToken cancellationToken)
        {
            if (kind == nameof(CredentialKind.Configuration))
            {
                foreach (var symbol in model.LookupSymbols(position))
                {
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
                        return symbol.Name + "[\"" + expected + "\"]";
                    }
                }
            }

            var variable = kind == nameof(CredentialKind.EnvironmentVariable) ? expected : SaperlyApi.ConventionalSecret(target);
            return FrameworkNames.Spell(model, position, "System.Environment") + ".GetEnvironmentVariable(\"" + variable + "\")";
        }
    }
}
