using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes
{
    /// <summary>
    /// SAP007: the key comes from the environment instead of the source. A key value becomes
    /// <c>Environment.GetEnvironmentVariable("SAPERLY_API_KEY")</c> (or <c>SAPERLY_SERVICE_KEY</c> by its prefix;
    /// <c>"Bearer " + ...</c> for a bearer string); the fallback of a secret read (<c>read ?? "sk_…"</c>,
    /// <c>GetValue(name, "sk_…")</c>) is removed, keeping the read. A constant that held the key becomes
    /// <c>static readonly</c>. <c>!</c> is added only when the project makes the new nullable warnings errors.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HardCodedSecretKeyCodeFix)), Shared]
    public sealed class HardCodedSecretKeyCodeFix : CodeFixProvider
    {
        /// <summary>
        /// Two keys in one constant declaration both change its <c>const</c> modifier, which the batch fixer
        /// would see as conflicting edits; the fixes of a document are applied together through one editor.
        /// </summary>
        private static readonly FixAllProvider FixAll = FixAllProvider.Create((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken)!);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.HardCodedSecretKey);

        public override FixAllProvider GetFixAllProvider() => FixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var literal = FindLiteral(root, diagnostic);
                if (literal == null || !await CanFixAsync(context.Document, model, literal, Reach(diagnostic), context.CancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var reach = Reach(diagnostic);
                var title = reach == KeyReach.Fallback || reach == KeyReach.DefaultValue
                    ? "Remove the hard-coded fallback key"
                    : "Read the key from " + Secret(diagnostic);
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => FixAsync(document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: RuleIds.HardCodedSecretKey),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return document;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var marks = new List<SyntaxAnnotation>();
            var constants = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                var literal = FindLiteral(root, diagnostic);
                var reach = Reach(diagnostic);
                if (literal == null || !await CanFixAsync(document, model, literal, reach, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var mark = new SyntaxAnnotation();
                marks.Add(mark);
                switch (reach)
                {
                    case KeyReach.Fallback:
                        var coalesce = CoalesceOf(literal)!;
                        editor.ReplaceNode(coalesce, (current, _) => ((BinaryExpressionSyntax)current).Left.WithTriviaFrom(current).WithAdditionalAnnotations(mark));
                        break;
                    case KeyReach.DefaultValue:
                        var argument = (ArgumentSyntax)literal.Parent!;
                        var invocation = (InvocationExpressionSyntax)argument.Parent!.Parent!;
                        editor.ReplaceNode(invocation, (current, _) => WithoutDefault((InvocationExpressionSyntax)current, invocation.ArgumentList.Arguments.IndexOf(argument)).WithAdditionalAnnotations(mark));
                        break;
                    default:
                        var code = new NewCode();
                        ExpressionSyntax read = SyntaxFactory.InvocationExpression(
                            new TypeNames(model, editor.Generator, literal.SpanStart).Member("System.Environment", "GetEnvironmentVariable"),
                            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                                SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(Secret(diagnostic)))))));
                        var bearer = literal.Token.ValueText.TrimStart().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
                        var replacement = bearer
                            ? SyntaxFactory.ParenthesizedExpression(SyntaxFactory.BinaryExpression(
                                SyntaxKind.AddExpression, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("Bearer ")), read))
                                .WithAdditionalAnnotations(Simplifier.Annotation)
                            : read;
                        var shaped = code.Shape(replacement);
                        editor.ReplaceNode(literal, (current, _) => shaped.WithTriviaFrom(current).WithAdditionalAnnotations(bearer ? new SyntaxAnnotation() : mark));
                        var constant = ConstantDeclaration(literal);
                        if (constant != null && constants.Add(constant))
                        {
                            editor.ReplaceNode(constant, (current, _) => WithoutConst(current));
                        }

                        break;
                }
            }

            var fixedDocument = editor.GetChangedDocument();
            return await SuppressNewNullableErrorsAsync(document, fixedDocument, marks, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// A read that may return null now stands where a non-null fallback stood. Nullable warnings are
        /// acceptable; where the project makes them errors (WarningsAsErrors=nullable), the read gets <c>!</c>
        /// so the fixed code still compiles.
        /// </summary>
        private static async Task<Document> SuppressNewNullableErrorsAsync(Document original, Document fixedDocument, List<SyntaxAnnotation> marks, CancellationToken cancellationToken)
        {
            if (marks.Count == 0 || await NullableErrorsAsync(fixedDocument, cancellationToken).ConfigureAwait(false) <= await NullableErrorsAsync(original, cancellationToken).ConfigureAwait(false))
            {
                return fixedDocument;
            }

            var root = await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var nodes = marks.SelectMany(m => root!.GetAnnotatedNodes(m)).OfType<ExpressionSyntax>().ToList();
            var suppressed = root!.ReplaceNodes(nodes, (_, current) =>
                SyntaxFactory.PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, current.WithoutTrivia()).WithTriviaFrom(current));
            return fixedDocument.WithSyntaxRoot(suppressed);
        }

        private static async Task<int> NullableErrorsAsync(Document document, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return model == null ? 0 : model.GetDiagnostics(cancellationToken: cancellationToken)
                .Count(d => d.Severity == DiagnosticSeverity.Error && (d.Id.StartsWith("CS86", StringComparison.Ordinal) || d.Id.StartsWith("CS87", StringComparison.Ordinal)));
        }

        /// <summary>Whether the literal can be rewritten: the shape the analyzer saw, and no constant context depends on it.</summary>
        private static async Task<bool> CanFixAsync(Document document, SemanticModel model, LiteralExpressionSyntax literal, KeyReach? reach, CancellationToken cancellationToken)
        {
            switch (reach)
            {
                case KeyReach.Fallback:
                    return CoalesceOf(literal) != null;
                case KeyReach.DefaultValue:
                    return literal.Parent is ArgumentSyntax { NameColon: null } && literal.Parent.Parent?.Parent is InvocationExpressionSyntax;
                case KeyReach.Call:
                case KeyReach.Client:
                    if (NeedsConstant(literal))
                    {
                        return false;
                    }

                    var constant = ConstantDeclaration(literal);
                    if (constant == null)
                    {
                        return true;
                    }

                    // A constant that another constant, an attribute, a case label or a default value uses must stay constant.
                    var declarators = constant is FieldDeclarationSyntax field ? field.Declaration.Variables : ((LocalDeclarationStatementSyntax)constant).Declaration.Variables;
                    foreach (var declarator in declarators)
                    {
                        var symbol = model.GetDeclaredSymbol(declarator, cancellationToken);
                        if (symbol == null)
                        {
                            return false;
                        }

                        foreach (var reference in await SymbolFinder.FindReferencesAsync(symbol, document.Project.Solution, cancellationToken).ConfigureAwait(false))
                        {
                            foreach (var location in reference.Locations)
                            {
                                var node = (await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                                if (node == null || NeedsConstant(node))
                                {
                                    return false;
                                }
                            }
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Inside a context that only takes constants: an attribute, a default value, a case label, another constant.</summary>
        private static bool NeedsConstant(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case AttributeArgumentSyntax _:
                    case CaseSwitchLabelSyntax _:
                    case ConstantPatternSyntax _:
                    case EqualsValueClauseSyntax { Parent: ParameterSyntax _ }:
                        return true;
                    case VariableDeclaratorSyntax declarator when declarator.Initializer != null && declarator.Initializer.Span.Contains(node.Span):
                        var declaration = declarator.Parent?.Parent;
                        var isConst = declaration is FieldDeclarationSyntax f ? f.Modifiers.Any(SyntaxKind.ConstKeyword)
                            : declaration is LocalDeclarationStatementSyntax l && l.IsConst;
                        return isConst && !(node is LiteralExpressionSyntax && declarator.Initializer.Value == node);
                    case StatementSyntax _:
                    case MemberDeclarationSyntax _:
                        return false;
                }
            }

            return false;
        }

        /// <summary>The constant declaration whose initializer is the literal itself: <c>const string Key = "sk_…";</c>.</summary>
        private static SyntaxNode? ConstantDeclaration(LiteralExpressionSyntax literal)
        {
            if (!(literal.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }) || !(declarator.Parent?.Parent is SyntaxNode declaration))
            {
                return null;
            }

            return declaration is FieldDeclarationSyntax field && field.Modifiers.Any(SyntaxKind.ConstKeyword) ? field
                : declaration is LocalDeclarationStatementSyntax local && local.IsConst ? local
                : null;
        }

        /// <summary><c>const</c> → <c>static readonly</c> on a field; dropped on a local.</summary>
        private static SyntaxNode WithoutConst(SyntaxNode declaration)
        {
            if (declaration is FieldDeclarationSyntax field)
            {
                var index = field.Modifiers.IndexOf(SyntaxKind.ConstKeyword);
                var constToken = field.Modifiers[index];
                var replacement = new[]
                {
                    SyntaxFactory.Token(constToken.LeadingTrivia, SyntaxKind.StaticKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                    SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.ReadOnlyKeyword, constToken.TrailingTrivia),
                };
                return field.WithModifiers(field.Modifiers.RemoveAt(index).InsertRange(index, replacement));
            }

            var local = (LocalDeclarationStatementSyntax)declaration;
            var at = local.Modifiers.IndexOf(SyntaxKind.ConstKeyword);
            var leading = local.Modifiers[at].LeadingTrivia;
            var stripped = local.WithModifiers(local.Modifiers.RemoveAt(at));
            return stripped.Modifiers.Count == 0 ? stripped.WithDeclaration(stripped.Declaration.WithLeadingTrivia(leading)) : stripped;
        }

        /// <summary><c>read ?? "sk_…"</c> where the literal (perhaps parenthesized) is the right side.</summary>
        private static BinaryExpressionSyntax? CoalesceOf(LiteralExpressionSyntax literal)
        {
            SyntaxNode node = literal;
            while (node.Parent is ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            return node.Parent is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.CoalesceExpression) && binary.Right == node ? binary : null;
        }

        /// <summary><c>GetValue("Saperly:ApiKey", "sk_…")</c> → <c>GetValue&lt;string&gt;("Saperly:ApiKey")</c>: the type argument the default inferred is spelled out.</summary>
        private static ExpressionSyntax WithoutDefault(InvocationExpressionSyntax invocation, int index)
        {
            var arguments = invocation.ArgumentList.Arguments.RemoveAt(index);
            var result = invocation.WithArgumentList(invocation.ArgumentList.WithArguments(arguments));
            var stringType = SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList<TypeSyntax>(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.StringKeyword))));
            switch (result.Expression)
            {
                case MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access:
                    return result.WithExpression(access.WithName(SyntaxFactory.GenericName(name.Identifier, stringType)));
                case IdentifierNameSyntax bare:
                    return result.WithExpression(SyntaxFactory.GenericName(bare.Identifier, stringType).WithTriviaFrom(bare));
                default:
                    return result;
            }
        }

        private static LiteralExpressionSyntax? FindLiteral(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!root.FullSpan.Contains(diagnostic.Location.SourceSpan))
            {
                return null;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            return node as LiteralExpressionSyntax ?? node.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().FirstOrDefault(l => l.Span == diagnostic.Location.SourceSpan);
        }

        private static KeyReach? Reach(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(HardCodedSecretKeyAnalyzer.ReachProperty, out var value) && Enum.TryParse<KeyReach>(value, out var reach) ? reach : (KeyReach?)null;

        private static string Secret(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(CallProperties.ExpectedSecret, out var value) && value != null ? value : SaperlyApi.ApiKeySecret;
    }
}
