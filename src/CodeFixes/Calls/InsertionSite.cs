using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Saperly.Migration.CodeFixes.Syntax;

namespace Saperly.Migration.CodeFixes.Calls
{
    /// <summary>
    /// A place a fix puts new statements before (and, for a declaration, after) some code, in one of three contexts: a
    /// statement of a statement list (a block, a switch section, a top-level program), which new statements precede; an
    /// embedded statement (<c>if (x) Send();</c>), which becomes a block; or an expression body (of a member, an
    /// accessor, a local function or a lambda), which becomes a block that ends in <c>return</c> or the expression. The
    /// statements are queued and laid out in the file's own style when the fix commits.
    /// </summary>
    internal sealed class InsertionSite
    {
        private readonly List<StatementSyntax> _before = new List<StatementSyntax>();
        private readonly List<StatementSyntax> _after = new List<StatementSyntax>();

        private InsertionSite(SiteKind kind, SyntaxNode node)
        {
            Kind = kind;
            Node = node;
        }

        public SiteKind Kind { get; }

        /// <summary>The statement, or the body expression.</summary>
        public SyntaxNode Node { get; }

        public bool HasEdits => _before.Count > 0 || _after.Count > 0;

        /// <summary>
        /// Whether a local declared here may be a <c>using</c> declaration: not directly in a switch section (CS8647);
        /// embedded statements and expression bodies become blocks of their own.
        /// </summary>
        public bool AllowsUsingDeclaration => !(Kind == SiteKind.Listed && Node.Parent is SwitchSectionSyntax);

        /// <summary>The site for a statement or an expression body; null for anything else, or an embedded statement that shares its line.</summary>
        public static InsertionSite? At(SyntaxNode node)
        {
            if (Analyzers.Recognition.InsertionPoints.IsExpressionBody(node))
            {
                return new InsertionSite(SiteKind.ExpressionBody, node);
            }

            if (Analyzers.Recognition.InsertionPoints.IsListedStatement(node))
            {
                return new InsertionSite(SiteKind.Listed, node);
            }

            if (node is StatementSyntax statement && !(statement is BlockSyntax) && IsEmbedded(statement) && Layout.StartsLine(statement.GetFirstToken()))
            {
                return new InsertionSite(SiteKind.Embedded, node);
            }

            return null;
        }

        private static bool IsEmbedded(StatementSyntax statement) => statement.Parent switch
        {
            IfStatementSyntax s => s.Statement == statement,
            ElseClauseSyntax _ => true,
            WhileStatementSyntax s => s.Statement == statement,
            DoStatementSyntax s => s.Statement == statement,
            ForStatementSyntax s => s.Statement == statement,
            CommonForEachStatementSyntax s => s.Statement == statement,
            UsingStatementSyntax s => s.Statement == statement,
            LockStatementSyntax s => s.Statement == statement,
            FixedStatementSyntax s => s.Statement == statement,
            _ => false,
        };

        /// <summary>Queues a statement before the site's code (after those queued before it).</summary>
        public void AddBefore(StatementSyntax statement) => _before.Add(statement);

        /// <summary>Queues a statement right after a listed statement (a request's declaration).</summary>
        public void AddAfter(StatementSyntax statement) => _after.Add(statement);

        /// <summary>Applies the queued statements through the editor; called once, innermost sites first.</summary>
        public void Commit(DocumentEditor editor, SemanticModel model, string step)
        {
            if (!HasEdits)
            {
                return;
            }

            var eol = Layout.EndOfLine(Node);
            switch (Kind)
            {
                case SiteKind.Listed:
                    CommitListed(editor, (StatementSyntax)Node, eol);
                    break;
                case SiteKind.Embedded:
                    var parentIndentation = Layout.LineIndentation(Node.Parent!);
                    var indentation = Layout.LineIndentation(Node);
                    var before = _before.Select(s => Layout.OnOwnLine(s, indentation, eol)).ToList();
                    var after = _after.Select(s => Layout.OnOwnLine(s, indentation, eol)).ToList();
                    editor.ReplaceNode(Node, (current, _) => SyntaxFactory.Block(
                            SyntaxFactory.Token(Layout.Whitespace(parentIndentation), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(eol)),
                            SyntaxFactory.List(before.Concat(new[] { (StatementSyntax)current }).Concat(after)),
                            SyntaxFactory.Token(Layout.Whitespace(parentIndentation), SyntaxKind.CloseBraceToken, SyntaxFactory.TriviaList(eol))));
                    break;
                case SiteKind.ExpressionBody:
                    ExpressionBodies.ToBlock(editor, model, (ExpressionSyntax)Node, _before, step, eol);
                    break;
            }
        }

        private void CommitListed(DocumentEditor editor, StatementSyntax statement, SyntaxTrivia eol)
        {
            var indentation = Layout.LineIndentation(statement);
            var global = statement.Parent as GlobalStatementSyntax;
            if (_before.Count > 0)
            {
                var (opening, kept) = Layout.SplitLeading(statement.GetFirstToken());
                var laid = _before.Select(s => Layout.OnOwnLine(s, indentation, eol)).ToList();
                laid[0] = laid[0].WithLeadingTrivia(opening.AddRange(laid[0].GetLeadingTrivia()));
                editor.InsertBefore(global ?? (SyntaxNode)statement, laid.Select(s => global == null ? (SyntaxNode)s : SyntaxFactory.GlobalStatement(s)));
                if (opening.Count > 0)
                {
                    editor.ReplaceNode(statement, (current, _) => current.WithLeadingTrivia(kept));
                }
            }

            if (_after.Count > 0)
            {
                var laid = _after.Select(s => Layout.OnOwnLine(s, indentation, eol));
                editor.InsertAfter(global ?? (SyntaxNode)statement, laid.Select(s => global == null ? (SyntaxNode)s : SyntaxFactory.GlobalStatement(s)));
            }
        }
    }

    internal enum SiteKind
    {
        Listed,
        Embedded,
        ExpressionBody,
    }
}
