using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
    /// <c>GetValue(name, "sk_…")</c>, <c>read ?? Defaults.DevKey</c>) becomes <c>read ?? throw new
    /// InvalidOperationException("SAPERLY_API_KEY is not set")</c>, so that a missing secret fails where it is read. A
    /// constant that held the key is removed when nothing else uses it, and otherwise becomes <c>static readonly</c>, read
    /// from the environment. The key default of an options class is removed. <c>!</c> (or <c>= null!</c>) is added only
    /// when the project makes the new nullable warnings errors.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HardCodedSecretKeyCodeFix)), Shared]
    public sealed class HardCodedSecretKeyCodeFix : CodeFixProvider
    {
        /// <summary>
        /// A fallback through a constant changes the file of the use and the file of the constant; two keys in one constant
        /// declaration both change its <c>const</c> modifier. The fixes of the scope are applied together, through one editor
        /// per document, at solution level.
        /// </summary>
        private static readonly FixAllProvider FixAll = new SolutionFixAll();

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

            var solution = context.Document.Project.Solution;
            foreach (var diagnostic in context.Diagnostics)
            {
                var literal = FindLiteral(root, diagnostic);
                if (literal == null || !await CanFixAsync(context.Document, model, literal, diagnostic, context.CancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var id = context.Document.Id;
                context.RegisterCodeFix(
                    CodeAction.Create(Title(diagnostic), ct => FixAsync(solution, new[] { (id, diagnostic) }, ct), equivalenceKey: RuleIds.HardCodedSecretKey),
                    diagnostic);
            }
        }

        private static string Title(Diagnostic diagnostic) => Reach(diagnostic) switch
        {
            KeyReach.Fallback => "Remove the hard-coded fallback key",
            KeyReach.DefaultValue => "Remove the hard-coded fallback key",
            KeyReach.FallbackConstant => "Remove the hard-coded fallback key",
            KeyReach.OptionsDefault => "Remove the hard-coded default key",
            _ => "Read the key from " + Secret(diagnostic),
        };

        /// <summary>The edits of one document: its editor, the reads that may need <c>!</c>, the defaults removed, the constants changed.</summary>
        private sealed class DocumentEdits
        {
            public DocumentEdits(Document document, SemanticModel model, DocumentEditor editor)
            {
                Document = document;
                Model = model;
                Editor = editor;
            }

            public Document Document { get; }
            public SemanticModel Model { get; }
            public DocumentEditor Editor { get; }
            public List<SyntaxAnnotation> Marks { get; } = new List<SyntaxAnnotation>();
            public List<SyntaxAnnotation> RemovedDefaults { get; } = new List<SyntaxAnnotation>();
            public HashSet<SyntaxNode> Constants { get; } = new HashSet<SyntaxNode>();
            public HashSet<VariableDeclaratorSyntax> Removed { get; } = new HashSet<VariableDeclaratorSyntax>();
        }

        internal static async Task<Solution> FixAsync(Solution solution, IReadOnlyList<(DocumentId Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            var edits = new Dictionary<DocumentId, DocumentEdits>();
            async Task<DocumentEdits?> EditsOf(Document document)
            {
                if (!edits.TryGetValue(document.Id, out var found))
                {
                    var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    if (model == null)
                    {
                        return null;
                    }

                    edits[document.Id] = found = new DocumentEdits(document, model, await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false));
                }

                return found;
            }

            foreach (var (documentId, diagnostic) in diagnostics.OrderBy(d => d.Diagnostic.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Diagnostic.Location.SourceSpan.Start))
            {
                var document = solution.GetDocument(documentId);
                var edit = document == null ? null : await EditsOf(document).ConfigureAwait(false);
                var root = edit == null ? null : await edit.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var literal = root == null ? null : FindLiteral(root, diagnostic);
                if (edit == null || literal == null || !await CanFixAsync(edit.Document, edit.Model, literal, diagnostic, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                switch (Reach(diagnostic))
                {
                    case KeyReach.Fallback:
                        EndFallback(edit, CoalesceOf(literal)!.Right, Read(diagnostic, null));
                        break;
                    case KeyReach.DefaultValue:
                        EndDefaultValue(edit, (ArgumentSyntax)literal.Parent!, Read(diagnostic, null));
                        break;
                    case KeyReach.OptionsDefault:
                        RemoveDefault(edit, (EqualsValueClauseSyntax)literal.Parent!);
                        break;
                    case KeyReach.FallbackConstant:
                        var uses = await UsesAsync(solution, edit.Document.Project, diagnostic, cancellationToken).ConfigureAwait(false);
                        foreach (var use in uses!)
                        {
                            var useEdit = await EditsOf(use.Document).ConfigureAwait(false);
                            if (useEdit == null)
                            {
                                continue;
                            }

                            if (use.Node.Parent is ArgumentSyntax argument)
                            {
                                EndDefaultValue(useEdit, argument, use.Read);
                            }
                            else
                            {
                                EndFallback(useEdit, use.Node, use.Read);
                            }
                        }

                        // The key leaves the source: with its last use gone, the constant goes too; if others use it, it is read
                        // from the environment as any constant key is.
                        var declarator = (VariableDeclaratorSyntax)literal.Parent!.Parent!;
                        if (await OtherReferencesAsync(solution, edit.Model, declarator, uses, cancellationToken).ConfigureAwait(false) == 0)
                        {
                            edit.Removed.Add(declarator);
                        }
                        else
                        {
                            ReadFromEnvironment(edit, literal, diagnostic);
                        }

                        break;
                    default:
                        ReadFromEnvironment(edit, literal, diagnostic);
                        break;
                }
            }

            var result = solution;
            foreach (var edit in edits.Values)
            {
                MarkRemovals(edit);
                result = result.WithDocumentSyntaxRoot(edit.Document.Id, edit.Removed.Count == 0 ? edit.Editor.GetChangedRoot() : RemoveMarked(edit.Editor.GetChangedRoot()));
            }

            foreach (var edit in edits.Values)
            {
                var fixedDocument = result.GetDocument(edit.Document.Id)!;
                var suppressed = await SuppressNewNullableErrorsAsync(edit.Document, fixedDocument, edit, cancellationToken).ConfigureAwait(false);
                if (suppressed != fixedDocument)
                {
                    result = suppressed.Project.Solution;
                }
            }

            return result;
        }

        /// <summary><c>read ?? "sk_…"</c> (or <c>?? Defaults.DevKey</c>) → <c>read ?? throw new InvalidOperationException("SAPERLY_API_KEY is not set")</c>.</summary>
        private static void EndFallback(DocumentEdits edit, ExpressionSyntax fallback, string read)
        {
            var outermost = Outermost(fallback);
            var thrown = ThrowMissing(edit, outermost.SpanStart, read);
            edit.Editor.ReplaceNode(outermost, (current, _) => thrown.WithTriviaFrom(current));
        }

        /// <summary>
        /// <c>GetValue("Saperly:ApiKey", "sk_…")</c> → <c>GetValue&lt;string&gt;("Saperly:ApiKey") ?? throw new InvalidOperationException(...)</c>,
        /// parenthesized where the context needs it.
        /// </summary>
        private static void EndDefaultValue(DocumentEdits edit, ArgumentSyntax argument, string read)
        {
            var invocation = (InvocationExpressionSyntax)argument.Parent!.Parent!;
            var index = invocation.ArgumentList.Arguments.IndexOf(argument);
            var thrown = ThrowMissing(edit, invocation.SpanStart, read);
            edit.Editor.ReplaceNode(invocation, (current, _) =>
            {
                var code = new NewCode();
                var coalesce = code.Shape(SyntaxFactory.ParenthesizedExpression(
                    SyntaxFactory.BinaryExpression(SyntaxKind.CoalesceExpression, code.Hole(WithoutDefault((InvocationExpressionSyntax)current, index).WithoutTrivia()), thrown)));
                return coalesce.WithAdditionalAnnotations(Simplifier.Annotation).WithTriviaFrom(current);
            });
        }

        /// <summary><c>throw new InvalidOperationException("&lt;read&gt; is not set")</c>, the exception named as the fixes name every framework type.</summary>
        private static ThrowExpressionSyntax ThrowMissing(DocumentEdits edit, int position, string read)
        {
            var creation = SyntaxFactory.ObjectCreationExpression(new TypeNames(edit.Model, edit.Editor.Generator, position).Type("System.InvalidOperationException"))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                    SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(read + " is not set"))))));
            return new NewCode().Shape(SyntaxFactory.ThrowExpression(creation));
        }

        /// <summary>
        /// <c>public string ApiKey { get; set; } = "sk_…";</c> → <c>public string ApiKey { get; set; }</c> (a field loses its
        /// initializer the same way): the value now comes from configuration only. Trivia after the semicolon stays.
        /// </summary>
        private static void RemoveDefault(DocumentEdits edit, EqualsValueClauseSyntax clause)
        {
            var mark = new SyntaxAnnotation();
            edit.RemovedDefaults.Add(mark);
            switch (clause.Parent)
            {
                case PropertyDeclarationSyntax property:
                    edit.Editor.ReplaceNode(property, (current, _) =>
                    {
                        var p = (PropertyDeclarationSyntax)current;
                        var accessors = p.AccessorList!;
                        return p.WithInitializer(null).WithSemicolonToken(default)
                            .WithAccessorList(accessors.WithCloseBraceToken(accessors.CloseBraceToken.WithTrailingTrivia(p.SemicolonToken.TrailingTrivia)))
                            .WithAdditionalAnnotations(mark);
                    });
                    break;
                case VariableDeclaratorSyntax declarator:
                    edit.Editor.ReplaceNode(declarator, (current, _) =>
                    {
                        var d = (VariableDeclaratorSyntax)current;
                        return d.WithInitializer(null).WithIdentifier(d.Identifier.WithTrailingTrivia(d.Initializer!.GetTrailingTrivia())).WithAdditionalAnnotations(mark);
                    });
                    break;
            }
        }

        /// <summary>The key value becomes a read of the conventional environment variable; a constant holding it becomes <c>static readonly</c>.</summary>
        private static void ReadFromEnvironment(DocumentEdits edit, LiteralExpressionSyntax literal, Diagnostic diagnostic)
        {
            var mark = new SyntaxAnnotation();
            edit.Marks.Add(mark);
            var code = new NewCode();
            ExpressionSyntax read = SyntaxFactory.InvocationExpression(
                new TypeNames(edit.Model, edit.Editor.Generator, literal.SpanStart).Member("System.Environment", "GetEnvironmentVariable"),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                    SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(Secret(diagnostic)))))));
            var bearer = literal.Token.ValueText.TrimStart().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
            var replacement = bearer
                ? SyntaxFactory.ParenthesizedExpression(SyntaxFactory.BinaryExpression(
                    SyntaxKind.AddExpression, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("Bearer ")), read))
                    .WithAdditionalAnnotations(Simplifier.Annotation)
                : read;
            var shaped = code.Shape(replacement);
            edit.Editor.ReplaceNode(literal, (current, _) => shaped.WithTriviaFrom(current).WithAdditionalAnnotations(bearer ? new SyntaxAnnotation() : mark));
            var constant = ConstantDeclaration(literal);
            if (constant != null && edit.Constants.Add(constant))
            {
                edit.Editor.ReplaceNode(constant, (current, _) => WithoutConst(current));
            }
        }

        /// <summary>
        /// Marks the constants whose last use was a fallback for removal (<see cref="RemoveMarked"/>): the declaration when
        /// all its variables go, else the variables.
        /// </summary>
        private static void MarkRemovals(DocumentEdits edit)
        {
            foreach (var group in edit.Removed.GroupBy(d => d.Parent!.Parent!))
            {
                var declaration = (VariableDeclarationSyntax)group.First().Parent!;
                var nodes = group.Count() == declaration.Variables.Count ? new SyntaxNode[] { group.Key } : group.ToArray<SyntaxNode>();
                foreach (var node in nodes)
                {
                    edit.Editor.ReplaceNode(node, (current, _) => current.WithAdditionalAnnotations(RemovalMark));
                }
            }
        }

        private static readonly SyntaxAnnotation RemovalMark = new SyntaxAnnotation("SaperlyRemoveKeyConstant");

        /// <summary>
        /// Removes the marked declarations with their own trivia (the line's indentation, a comment on them, the line end)
        /// but not the directives before them (<c>#region</c>, <c>#if</c>), which move as they are, indentation and line
        /// ends included, to the next token. Roslyn's <see cref="SyntaxRemoveOptions.KeepDirectives"/> would re-lay them out.
        /// </summary>
        private static SyntaxNode RemoveMarked(SyntaxNode root)
        {
            while (root.GetAnnotatedNodes(RemovalMark).FirstOrDefault() is SyntaxNode node)
            {
                var leading = node.GetLeadingTrivia();
                var lastDirective = -1;
                for (var i = 0; i < leading.Count; i++)
                {
                    if (leading[i].IsDirective)
                    {
                        lastDirective = i;
                    }
                }

                if (lastDirective >= 0 && !(node is VariableDeclaratorSyntax))
                {
                    var kept = SyntaxFactory.TriviaList(leading.Take(lastDirective + 1));
                    var next = node.GetLastToken().GetNextToken(includeZeroWidth: true);
                    root = root.ReplaceToken(next, next.WithLeadingTrivia(kept.AddRange(next.LeadingTrivia)));
                    node = root.GetAnnotatedNodes(RemovalMark).First();
                }

                root = root.RemoveNode(node, SyntaxRemoveOptions.KeepNoTrivia)!;
            }

            return root;
        }

        /// <summary>A use of a key constant as a fallback: the reference (<c>Defaults.DevKey</c>), its document and the read it stands behind.</summary>
        private sealed class Use
        {
            public Use(Document document, ExpressionSyntax node, string read)
            {
                Document = document;
                Node = node;
                Read = read;
            }

            public Document Document { get; }
            public ExpressionSyntax Node { get; }
            public string Read { get; }
        }

        /// <summary>
        /// The uses the analyzer put in the additional locations, found again in the solution; null when one of them is no
        /// longer the fallback shape it was (then nothing is fixed: half a fix would leave the key behind).
        /// </summary>
        private static async Task<IReadOnlyList<Use>?> UsesAsync(Solution solution, Project project, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var uses = new List<Use>();
            for (var i = 0; i < diagnostic.AdditionalLocations.Count; i++)
            {
                var location = diagnostic.AdditionalLocations[i];
                var document = location.SourceTree == null ? null
                    : solution.GetDocument(location.SourceTree)
                      ?? project.Documents.FirstOrDefault(d => string.Equals(d.FilePath, location.SourceTree.FilePath, StringComparison.OrdinalIgnoreCase));
                var root = document == null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root == null || !root.FullSpan.Contains(location.SourceSpan) || !diagnostic.Properties.TryGetValue(HardCodedSecretKeyAnalyzer.ReadProperty + i.ToString(CultureInfo.InvariantCulture), out var read) || read == null)
                {
                    return null;
                }

                var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
                if (node == null || node.Span != location.SourceSpan || !(node is IdentifierNameSyntax || node is MemberAccessExpressionSyntax))
                {
                    return null;
                }

                var outermost = Outermost(node);
                var isFallback = outermost.Parent is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.CoalesceExpression) && binary.Right == outermost;
                var isDefault = node.Parent is ArgumentSyntax { NameColon: null } && node.Parent.Parent?.Parent is InvocationExpressionSyntax;
                if (!isFallback && !isDefault)
                {
                    return null;
                }

                uses.Add(new Use(document!, node, read));
            }

            return uses.Count == 0 ? null : uses;
        }

        /// <summary>How many references to the constant remain once its fallback uses are gone.</summary>
        private static async Task<int> OtherReferencesAsync(Solution solution, SemanticModel model, VariableDeclaratorSyntax declarator, IReadOnlyList<Use> uses, CancellationToken cancellationToken)
        {
            var symbol = model.GetDeclaredSymbol(declarator, cancellationToken);
            if (symbol == null)
            {
                return int.MaxValue;
            }

            var count = 0;
            foreach (var reference in await SymbolFinder.FindReferencesAsync(symbol, solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in reference.Locations)
                {
                    if (!uses.Any(u => u.Document.Id == location.Document.Id && u.Node.Span.Contains(location.Location.SourceSpan)))
                    {
                        count++;
                    }
                }
            }

            return count;
        }

        private static ExpressionSyntax Outermost(ExpressionSyntax node)
        {
            while (node.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                node = parenthesized;
            }

            return node;
        }

        /// <summary>
        /// A read that may return null now stands where a non-null key stood, and an options property has no default.
        /// Nullable warnings are acceptable; where the project makes them errors (WarningsAsErrors=nullable), the read gets
        /// <c>!</c> and the property <c>= null!</c> (the binder sets it) so that the fixed code still compiles.
        /// </summary>
        private static async Task<Document> SuppressNewNullableErrorsAsync(Document original, Document fixedDocument, DocumentEdits edit, CancellationToken cancellationToken)
        {
            if (edit.Marks.Count == 0 && edit.RemovedDefaults.Count == 0 ||
                await NullableErrorsAsync(fixedDocument, cancellationToken).ConfigureAwait(false) <= await NullableErrorsAsync(original, cancellationToken).ConfigureAwait(false))
            {
                return fixedDocument;
            }

            var root = await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var reads = edit.Marks.SelectMany(m => root!.GetAnnotatedNodes(m)).OfType<ExpressionSyntax>();
            var members = edit.RemovedDefaults.SelectMany(m => root!.GetAnnotatedNodes(m));
            var suppressed = root!.ReplaceNodes(reads.Concat(members), (_, current) => current switch
            {
                ExpressionSyntax read => SyntaxFactory.PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, read.WithoutTrivia()).WithTriviaFrom(read),
                PropertyDeclarationSyntax property => property
                    .WithAccessorList(property.AccessorList!.WithCloseBraceToken(property.AccessorList.CloseBraceToken.WithTrailingTrivia(SyntaxFactory.Space)))
                    .WithInitializer(NullForgiven())
                    .WithSemicolonToken(SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.SemicolonToken, property.AccessorList.CloseBraceToken.TrailingTrivia)),
                VariableDeclaratorSyntax declarator => declarator
                    .WithIdentifier(declarator.Identifier.WithTrailingTrivia(SyntaxFactory.Space))
                    .WithInitializer(NullForgiven().WithTrailingTrivia(declarator.Identifier.TrailingTrivia)),
                _ => current,
            });
            return fixedDocument.WithSyntaxRoot(suppressed);
        }

        /// <summary><c>= null!</c>.</summary>
        private static EqualsValueClauseSyntax NullForgiven() =>
            SyntaxFactory.EqualsValueClause(
                SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.EqualsToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                SyntaxFactory.PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression)));

        private static async Task<int> NullableErrorsAsync(Document document, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return model == null ? 0 : model.GetDiagnostics(cancellationToken: cancellationToken)
                .Count(d => d.Severity == DiagnosticSeverity.Error && (d.Id.StartsWith("CS86", StringComparison.Ordinal) || d.Id.StartsWith("CS87", StringComparison.Ordinal)));
        }

        /// <summary>Whether the literal can be rewritten: the shape the analyzer saw, and no constant context depends on it.</summary>
        private static async Task<bool> CanFixAsync(Document document, SemanticModel model, LiteralExpressionSyntax literal, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            switch (Reach(diagnostic))
            {
                case KeyReach.Fallback:
                    return CoalesceOf(literal) != null && Read(diagnostic, null).Length > 0;
                case KeyReach.DefaultValue:
                    return literal.Parent is ArgumentSyntax { NameColon: null } && literal.Parent.Parent?.Parent is InvocationExpressionSyntax && Read(diagnostic, null).Length > 0;
                case KeyReach.OptionsDefault:
                    return literal.Parent is EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax { AccessorList: { } } } ||
                           literal.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: { Parent: FieldDeclarationSyntax _ } } };
                case KeyReach.FallbackConstant:
                    // The key is the whole initializer of the constant, and every use is still the fallback it was.
                    if (!(literal.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax _ }) ||
                        await UsesAsync(document.Project.Solution, document.Project, diagnostic, cancellationToken).ConfigureAwait(false) == null)
                    {
                        return false;
                    }

                    goto case KeyReach.Client;
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

        /// <summary>The secret read a fallback stands behind (the analyzer's <c>Read</c> property; <c>Read0</c>... for a constant's uses).</summary>
        private static string Read(Diagnostic diagnostic, int? use) =>
            diagnostic.Properties.TryGetValue(HardCodedSecretKeyAnalyzer.ReadProperty + (use?.ToString(CultureInfo.InvariantCulture) ?? ""), out var value) && value != null ? value : "";

        private static string Secret(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(CallProperties.ExpectedSecret, out var value) && value != null ? value : SaperlyApi.ApiKeySecret;
    }

    /// <summary>Fix All for SAP007: every diagnostic of the scope through one editor per document, at solution level (a constant's uses are in other files).</summary>
    internal sealed class SolutionFixAll : FixAllProvider
    {
        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = await FixAllScopeDiagnostics.OfAsync(fixAllContext, RuleIds.HardCodedSecretKey).ConfigureAwait(false);
            if (diagnostics.Count == 0)
            {
                return null;
            }

            var solution = fixAllContext.Solution;
            return CodeAction.Create(
                "Remove hard-coded Saperly keys",
                ct => HardCodedSecretKeyCodeFix.FixAsync(solution, diagnostics, ct),
                fixAllContext.CodeActionEquivalenceKey ?? RuleIds.HardCodedSecretKey);
        }
    }
}
