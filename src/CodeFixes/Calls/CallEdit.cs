using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Saperly.Migration.Analyzers;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes.Calls
{
    /// <summary>
    /// One fix of one diagnostic in progress: the document it edits, its semantic model, the diagnosed call and the
    /// places the diagnostic names, and the primitives every fix composes (a site to put statements at, a local declared
    /// there, new code in the file's layout). Nothing is applied until <see cref="CommitAsync"/>; a fix that finds it
    /// cannot do its work returns before that, and the solution stays as it was.
    /// </summary>
    internal sealed class CallEdit
    {
        private readonly SolutionEditor _solution;
        private readonly Dictionary<SyntaxNode, InsertionSite> _sites = new Dictionary<SyntaxNode, InsertionSite>();

        private CallEdit(SolutionEditor solution, DocumentEditor editor, SemanticModel model, CallTarget target, SyntaxNode root)
        {
            _solution = solution;
            Editor = editor;
            Model = model;
            Target = target;
            Root = root;
            Names = new FreeNames(model);
            NewCode = new NewCode();
            Step = Layout.IndentStep(root);
        }

        public CallTarget Target { get; }
        public DocumentEditor Editor { get; }
        public SemanticModel Model { get; }
        public SyntaxNode Root { get; }
        public SyntaxGenerator Generator => Editor.Generator;
        public FreeNames Names { get; }
        public NewCode NewCode { get; }

        /// <summary>One step of the file's indentation.</summary>
        public string Step { get; }

        public Document Document => Editor.OriginalDocument;

        /// <summary>
        /// Opens a fix of <paramref name="target"/> on <paramref name="solution"/>: null when the diagnostic's location is
        /// gone (an earlier fix of the same Fix All rewrote it) or lies in generated code, which is never edited.
        /// </summary>
        public static async Task<CallEdit?> OpenAsync(Solution solution, CallTarget target, CancellationToken cancellationToken)
        {
            var document = solution.GetDocument(target.Call.Document);
            var root = document == null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (document == null || root == null || target.Call.All(root).FirstOrDefault() == null ||
                GeneratedCode.IsGeneratedFile(root.SyntaxTree, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(root.SyntaxTree), cancellationToken))
            {
                return null;
            }

            // Code with syntax errors around the call is not edited: new code could only mix into the errors.
            var call = target.Call.All(root).First();
            var statement = call.AncestorsAndSelf().FirstOrDefault(n => n is StatementSyntax || n is MemberDeclarationSyntax);
            if (statement != null && statement.ContainsDiagnostics)
            {
                return null;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model == null)
            {
                return null;
            }

            var editor = new SolutionEditor(solution);
            var documentEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
            return new CallEdit(editor, documentEditor, model, target, root);
        }

        /// <summary>The diagnosed invocation, when the diagnostic is at one.</summary>
        public InvocationExpressionSyntax? Call => Target.Call.Find<InvocationExpressionSyntax>(Root);

        /// <summary>The bound invocation at <see cref="Call"/>.</summary>
        public IInvocationOperation? CallOperation(CancellationToken cancellationToken) =>
            Call is { } call ? Model.GetOperation(call, cancellationToken) as IInvocationOperation : null;

        /// <summary>The node of kind <typeparamref name="T"/> at the named place, in this document.</summary>
        public T? Place<T>(string name)
            where T : SyntaxNode =>
            Target.Place(name) is Mark mark && mark.Document == Document.Id ? mark.Find<T>(Root) : null;

        /// <summary>The insertion point (a listed statement or an expression body) at the named place, in this document.</summary>
        public SyntaxNode? InsertionPointAt(string name) =>
            Target.Place(name) is Mark mark && mark.Document == Document.Id ? mark.All(Root).FirstOrDefault(Analyzers.Recognition.InsertionPoints.Is) : null;

        /// <summary>The names of the framework types new code refers to, as they bind at <paramref name="at"/>.</summary>
        public TypeNames TypesAt(SyntaxNode at) => new TypeNames(Model, Generator, at.SpanStart);

        /// <summary>The site for a statement or expression body (<see cref="InsertionSite.At"/>), one per node for the whole fix.</summary>
        public InsertionSite? SiteAt(SyntaxNode node)
        {
            if (_sites.TryGetValue(node, out var site))
            {
                return site;
            }

            site = InsertionSite.At(node);
            if (site == null || (site.Kind == SiteKind.ExpressionBody && !ExpressionBodies.CanConvert((ExpressionSyntax)node)) || node.ContainsDiagnostics)
            {
                return null;
            }

            _sites[node] = site;
            return site;
        }

        /// <summary>
        /// The site of the statement or expression body that holds <paramref name="node"/> (without leaving a lambda, local
        /// function or member), and whether <paramref name="node"/> is evaluated exactly once each time it runs: not in a
        /// branch of a conditional, a short-circuited operand, a loop's condition, a switch arm or a query. Only then may
        /// what it evaluates be moved into statements before it.
        /// </summary>
        public InsertionSite? EnclosingSite(SyntaxNode node, out bool runsOnce)
        {
            runsOnce = false;
            for (var current = node; current != null; current = current.Parent)
            {
                if (current is StatementSyntax || Analyzers.Recognition.InsertionPoints.IsExpressionBody(current))
                {
                    if (current is BlockSyntax || current is LocalFunctionStatementSyntax)
                    {
                        return null;
                    }

                    runsOnce = RunsOnce(node, current);
                    return SiteAt(current);
                }

                if ((current != node && current is AnonymousFunctionExpressionSyntax) || current is MemberDeclarationSyntax)
                {
                    return null;
                }
            }

            return null;
        }

        private static bool RunsOnce(SyntaxNode node, SyntaxNode site)
        {
            for (var child = node; child != site; child = child.Parent!)
            {
                switch (child.Parent)
                {
                    case null:
                        return false;
                    case ConditionalExpressionSyntax conditional when child != conditional.Condition:
                    case ConditionalAccessExpressionSyntax access when child != access.Expression:
                    case BinaryExpressionSyntax binary when child == binary.Right &&
                        (binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression) || binary.IsKind(SyntaxKind.CoalesceExpression)):
                    case AssignmentExpressionSyntax assignment when child == assignment.Right && assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                    case SwitchExpressionArmSyntax _:
                    case QueryExpressionSyntax _:
                    case QueryBodySyntax _:
                    case CatchFilterClauseSyntax _:
                    case AnonymousFunctionExpressionSyntax _:
                    case WhileStatementSyntax whileLoop when child == whileLoop.Condition:
                    case DoStatementSyntax doLoop when child == doLoop.Condition:
                    case ForStatementSyntax forLoop when child == forLoop.Condition || (child is ExpressionSyntax incremented && forLoop.Incrementors.Contains(incremented)):
                    case LabeledStatementSyntax _:
                        return false;
                }
            }

            return !(site is LabeledStatementSyntax);
        }

        /// <summary>Declares <c>var name = value;</c> (or a <c>using</c> declaration) at the site; returns the local's name.</summary>
        public IdentifierNameSyntax Declare(InsertionSite site, string preferredName, ExpressionSyntax value, bool disposeWithScope = false)
        {
            var name = Names.Take(site.Node, preferredName);
            var declaration = SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(value)))));
            if (disposeWithScope)
            {
                declaration = declaration.WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword));
            }

            site.AddBefore(NewCode.Shape(declaration));
            return SyntaxFactory.IdentifierName(name);
        }

        /// <summary>A new statement in the file's spacing (holes filled with the user's nodes).</summary>
        public StatementSyntax Statement(StatementSyntax skeleton) => NewCode.Shape(skeleton);

        /// <summary><c>Guid.NewGuid().ToString()</c>, the key of one operation.</summary>
        public ExpressionSyntax FreshKey(SyntaxNode at) =>
            NewCode.Shape(SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.InvocationExpression(TypesAt(at).Member("System.Guid", "NewGuid")),
                    SyntaxFactory.IdentifierName("ToString"))));

        /// <summary>Whether the document's language version has <c>using</c> declarations (C# 8).</summary>
        public bool HasUsingDeclarations => ((CSharpParseOptions)Root.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8;

        /// <summary>The editor of another document of the solution (a credential's source lives elsewhere).</summary>
        public Task<DocumentEditor> EditorOfAsync(DocumentId document, CancellationToken cancellationToken) =>
            _solution.GetDocumentEditorAsync(document, cancellationToken);

        /// <summary>Applies every queued statement (innermost sites first: an outer expression body that becomes a block takes the inner edits with it).</summary>
        public async Task<Solution> CommitAsync(CancellationToken cancellationToken)
        {
            foreach (var site in _sites.Values.Where(s => s.HasEdits).OrderByDescending(s => s.Node.Ancestors().Count()))
            {
                site.Commit(Editor, Model, Step);
            }

            var solution = _solution.GetChangedSolution();
            foreach (var changed in solution.GetChanges(_solution.OriginalSolution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()))
            {
                var root = (await solution.GetDocument(changed)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
                solution = solution.WithDocumentSyntaxRoot(changed, Layout.WithoutElasticTrivia(root));
            }

            return solution;
        }
    }
}
