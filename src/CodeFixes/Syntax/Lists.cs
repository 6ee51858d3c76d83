using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Saperly.Migration.CodeFixes.Syntax
{
    /// <summary>Appending to a comma-separated list (arguments, initializer elements, enum members) in the list's own layout.</summary>
    internal static class Lists
    {
        /// <summary>True when the two positions are on different lines of the node's file.</summary>
        public static bool OnDifferentLines(SyntaxTree tree, int a, int b)
        {
            var text = tree.GetText();
            return text.Lines.GetLineFromPosition(a).LineNumber != text.Lines.GetLineFromPosition(b).LineNumber;
        }

        /// <summary>
        /// Appends an element to a comma-separated list in the list's own layout: one element per line or all on one
        /// line, with or without a trailing comma.
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
            var indent = multiLine ? Layout.Whitespace(Layout.LineIndentation(last)) : SyntaxFactory.TriviaList();
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
                itemTrailing = SyntaxFactory.TriviaList(Layout.EndOfLine(last));
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
    }
}
