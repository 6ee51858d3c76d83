using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Saperly.Migration.CodeFixes.Shared;

namespace Saperly.Migration.CodeFixes.Idempotency
{
    /// <summary>The file's own layout (newline, indentation) and the small generated-code and naming checks the SAP003/SAP004 fixes share.</summary>
    internal static class SyntaxLayout
    {
        /// <summary>The end-of-line the file already uses: the node's own line end, else the first in the file.</summary>
        public static SyntaxTrivia EndOfLine(SyntaxNode near)
        {
            foreach (var trivia in near.GetTrailingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia;
                }
            }

            var root = near.SyntaxTree.GetRoot();
            foreach (var trivia in root.DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia;
                }
            }

            return SyntaxFactory.CarriageReturnLineFeed;
        }

        /// <summary>The whitespace that indents the line the node starts on.</summary>
        public static SyntaxTriviaList Indentation(SyntaxNode node)
        {
            var leading = node.GetLeadingTrivia();
            return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
                ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
                : SyntaxFactory.TriviaList();
        }

        /// <summary>True when the two positions are on different lines of the node's file.</summary>
        public static bool OnDifferentLines(SyntaxTree tree, int a, int b)
        {
            var text = tree.GetText();
            return text.Lines.GetLineFromPosition(a).LineNumber != text.Lines.GetLineFromPosition(b).LineNumber;
        }

        /// <summary>
        /// Appends an element to a comma-separated list in the list's own layout: one element per line or all
        /// on one line, with or without a trailing comma.
        /// </summary>
        public static SeparatedSyntaxList<T> Append<T>(SeparatedSyntaxList<T> list, T item)
            where T : SyntaxNode
        {
            item = item.WithoutTrivia();
            if (list.Count == 0)
            {
                return SyntaxFactory.SingletonSeparatedList(item);
            }

            var last = list[list.Count - 1];
            var previous = last.GetFirstToken().GetPreviousToken();
            var multiLine = OnDifferentLines(last.SyntaxTree, previous.Span.End, last.SpanStart);
            var indent = multiLine ? Indentation(last) : SyntaxFactory.TriviaList();
            var comma = SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CommaToken, SyntaxFactory.TriviaList());
            if (list.SeparatorCount == list.Count)
            {
                var oldSeparator = list.GetSeparator(list.Count - 1);
                var withTrailing = list.GetWithSeparators()
                    .Add(item.WithLeadingTrivia(indent))
                    .Add(comma.WithTrailingTrivia(oldSeparator.TrailingTrivia));
                return SyntaxFactory.SeparatedList<T>(withTrailing);
            }

            var lastTrailing = last.GetTrailingTrivia();
            var endsLine = lastTrailing.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            SyntaxTriviaList separatorTrailing;
            SyntaxTriviaList itemTrailing;
            if (multiLine && endsLine)
            {
                separatorTrailing = lastTrailing;
                itemTrailing = SyntaxFactory.TriviaList(EndOfLine(last));
            }
            else
            {
                var spacing = list.SeparatorCount > 0 ? list.GetSeparator(list.SeparatorCount - 1).TrailingTrivia : SyntaxFactory.TriviaList(SyntaxFactory.Space);
                separatorTrailing = spacing.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) ? SyntaxFactory.TriviaList(SyntaxFactory.Space) : spacing;
                itemTrailing = lastTrailing;
                indent = SyntaxFactory.TriviaList();
            }

            var replaced = list.Replace(last, last.WithTrailingTrivia());
            var nodes = replaced.GetWithSeparators()
                .Add(comma.WithTrailingTrivia(separatorTrailing))
                .Add(item.WithLeadingTrivia(indent).WithTrailingTrivia(itemTrailing));
            return SyntaxFactory.SeparatedList<T>(nodes);
        }

        /// <summary>Generated code is never edited, even when a diagnostic reached the fix through a host that analyzes it.</summary>
        public static bool IsGenerated(SyntaxTree tree)
        {
            var path = tree.FilePath ?? "";
            var name = System.IO.Path.GetFileName(path);
            if (name.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".generated.cs", StringComparison.OrdinalIgnoreCase) ||
                name.EndsWith(".designer.cs", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".g.i.cs", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            foreach (var trivia in tree.GetRoot().GetLeadingTrivia())
            {
                if ((trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)) &&
                    trivia.ToString().IndexOf("<auto-generated", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The first of <paramref name="baseName"/>, baseName2, baseName3… not in <paramref name="taken"/>; the result is added to it.</summary>
        public static string FreeName(string baseName, NamesInScope taken)
        {
            var name = baseName;
            for (var i = 2; taken.Contains(name); i++)
            {
                name = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            taken.Add(name);
            return name;
        }

        /// <summary>Every identifier spelled in the enclosing member (locals, parameters, lambdas) plus everything in scope at the position.</summary>
        public static NamesInScope NamesInUse(SemanticModel model, SyntaxNode node)
        {
            var spelled = new HashSet<string>(StringComparer.Ordinal);
            SyntaxNode scope = node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => !(m is GlobalStatementSyntax)) ?? node.SyntaxTree.GetRoot();
            if (scope is BaseTypeDeclarationSyntax)
            {
                // A field initializer: only that declaration's names.
                scope = node.AncestorsAndSelf().FirstOrDefault(n => n.Parent is BaseTypeDeclarationSyntax) ?? scope;
            }

            foreach (var token in scope.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    spelled.Add(token.ValueText);
                }
            }

            return new NamesInScope(model, node.SpanStart, spelled);
        }
    }
}
