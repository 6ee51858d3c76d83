using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Saperly.Migration.CodeFixes.Syntax
{
    /// <summary>
    /// The file's own layout, read from its trivia: its newline (a CRLF file stays CRLF), the indentation of a line, the
    /// indentation step (tabs stay tabs), and how inserted statements take their place among the user's. Every fix lays
    /// its new lines out through this class and through nothing else, so the file's newline is decided in one place.
    /// </summary>
    internal static class Layout
    {
        /// <summary>The newline the file uses: the node's own line end, else the first one in the file, else LF.</summary>
        public static SyntaxTrivia EndOfLine(SyntaxNode near)
        {
            foreach (var trivia in near.GetTrailingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia;
                }
            }

            foreach (var trivia in near.SyntaxTree.GetRoot().DescendantTrivia(descendIntoTrivia: true))
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia;
                }
            }

            return SyntaxFactory.LineFeed;
        }

        /// <summary>The whitespace at the start of the line <paramref name="node"/> starts on.</summary>
        public static string LineIndentation(SyntaxNode node) => LineIndentation(node.GetFirstToken());

        public static string LineIndentation(SyntaxToken token)
        {
            var text = token.SyntaxTree!.GetText();
            var line = text.Lines.GetLineFromPosition(token.SpanStart).ToString();
            return line.Substring(0, line.Length - line.TrimStart(' ', '\t').Length);
        }

        /// <summary>
        /// One step of indentation in this file: how much deeper a statement of a block sits than the block's brace,
        /// read from the first block that says; a tab in a tab-indented file, four spaces otherwise.
        /// </summary>
        public static string IndentStep(SyntaxNode near)
        {
            var root = near.SyntaxTree.GetRoot();
            foreach (var block in root.DescendantNodes().OfType<BlockSyntax>())
            {
                if (block.Statements.Count == 0 || !StartsLine(block.OpenBraceToken) || !StartsLine(block.Statements[0].GetFirstToken()))
                {
                    continue;
                }

                var outer = LineIndentation(block.OpenBraceToken);
                var inner = LineIndentation(block.Statements[0].GetFirstToken());
                if (inner.Length > outer.Length && inner.StartsWith(outer, System.StringComparison.Ordinal))
                {
                    return inner.Substring(outer.Length);
                }
            }

            return LineIndentation(near).IndexOf('\t') >= 0 ? "\t" : "    ";
        }

        /// <summary>Whether the token is the first one on its line.</summary>
        public static bool StartsLine(SyntaxToken token)
        {
            if (token.LeadingTrivia.Any(SyntaxKind.EndOfLineTrivia))
            {
                return true;
            }

            var previous = token.GetPreviousToken(includeZeroWidth: true, includeSkipped: true, includeDirectives: true, includeDocumentationComments: true);
            return previous.IsKind(SyntaxKind.None) || previous.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia);
        }

        public static SyntaxTriviaList Whitespace(string indentation) =>
            indentation.Length == 0 ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(SyntaxFactory.Whitespace(indentation));

        /// <summary>A new statement on its own line: <paramref name="indentation"/> before it, the file's newline after it.</summary>
        public static TNode OnOwnLine<TNode>(TNode node, string indentation, SyntaxTrivia endOfLine)
            where TNode : SyntaxNode =>
            node.WithLeadingTrivia(Whitespace(indentation)).WithTrailingTrivia(endOfLine);

        /// <summary>
        /// Splits the leading trivia of a statement that new statements are inserted before: everything above the
        /// statement (blank lines, comments, directives) goes above the new statements, the statement keeps only its
        /// indentation. The new statements are part of what the statement does, so a comment that describes it describes
        /// them too, and an <c>#if</c> around it holds them as well.
        /// </summary>
        public static (SyntaxTriviaList Before, SyntaxTriviaList Kept) SplitLeading(SyntaxToken first)
        {
            var trivia = first.LeadingTrivia;
            var keepFrom = trivia.Count > 0 && trivia[trivia.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) &&
                           (trivia.Count == 1 || trivia[trivia.Count - 2].IsKind(SyntaxKind.EndOfLineTrivia) || trivia[trivia.Count - 2].IsDirective ||
                            trivia[trivia.Count - 2].IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia))
                ? trivia.Count - 1
                : trivia.Count;
            return (SyntaxFactory.TriviaList(trivia.Take(keepFrom)), SyntaxFactory.TriviaList(trivia.Skip(keepFrom)));
        }

        /// <summary>
        /// Moves a node that spans several lines from one indentation to another: every line of it after the first that
        /// starts with <paramref name="from"/> starts with <paramref name="to"/> instead. Only whitespace trivia at line
        /// starts changes; the text inside tokens, a verbatim or raw string's lines among them, is never touched.
        /// </summary>
        public static TNode Reindent<TNode>(TNode node, string from, string to)
            where TNode : SyntaxNode
        {
            if (from == to)
            {
                return node;
            }

            var first = node.GetFirstToken();
            var changes = new Dictionary<SyntaxToken, SyntaxToken>();
            var previousEndsLine = false;
            foreach (var token in node.DescendantTokens())
            {
                if (token != first && (previousEndsLine || token.LeadingTrivia.Any(SyntaxKind.EndOfLineTrivia)))
                {
                    var leading = ShiftLineStarts(token.LeadingTrivia, previousEndsLine, from, to);
                    if (leading != token.LeadingTrivia)
                    {
                        changes[token] = token.WithLeadingTrivia(leading);
                    }
                }

                previousEndsLine = token.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia);
            }

            return changes.Count == 0 ? node : node.ReplaceTokens(changes.Keys, (original, _) => changes[original]);
        }

        private static SyntaxTriviaList ShiftLineStarts(SyntaxTriviaList trivia, bool startsLine, string from, string to)
        {
            var result = new List<SyntaxTrivia>(trivia.Count);
            var atLineStart = startsLine;
            var changed = false;
            foreach (var item in trivia)
            {
                if (atLineStart && item.IsKind(SyntaxKind.WhitespaceTrivia) && item.ToString().StartsWith(from, System.StringComparison.Ordinal))
                {
                    result.Add(SyntaxFactory.Whitespace(to + item.ToString().Substring(from.Length)));
                    changed = true;
                }
                else
                {
                    result.Add(item);
                }

                atLineStart = item.IsKind(SyntaxKind.EndOfLineTrivia);
            }

            return changed ? SyntaxFactory.TriviaList(result) : trivia;
        }

        /// <summary>
        /// The node with every elastic trivia made plain: an elastic marker dropped, elastic whitespace kept as ordinary
        /// whitespace. The code action's clean-up reformats whatever is elastic with the host's options (spaces where the
        /// file has tabs, the host's newline where the file has another); a fix lays its code out itself and leaves
        /// nothing for it to redo.
        /// </summary>
        public static TNode WithoutElasticTrivia<TNode>(TNode node)
            where TNode : SyntaxNode
        {
            var tokens = node.DescendantTokens(descendIntoTrivia: false).Where(t => t.LeadingTrivia.Any(IsElastic) || t.TrailingTrivia.Any(IsElastic)).ToList();
            return tokens.Count == 0
                ? node
                : node.ReplaceTokens(tokens, (original, _) => original.WithLeadingTrivia(Plain(original.LeadingTrivia)).WithTrailingTrivia(Plain(original.TrailingTrivia)));
        }

        private static bool IsElastic(SyntaxTrivia trivia) => trivia.HasAnnotation(SyntaxAnnotation.ElasticAnnotation);

        private static IEnumerable<SyntaxTrivia> Plain(SyntaxTriviaList trivia)
        {
            foreach (var item in trivia)
            {
                if (!IsElastic(item))
                {
                    yield return item;
                }
                else if (item.Span.Length > 0)
                {
                    yield return item.IsKind(SyntaxKind.EndOfLineTrivia) ? SyntaxFactory.EndOfLine(item.ToString()) : SyntaxFactory.Whitespace(item.ToString());
                }
            }
        }

        /// <summary>A node moved into new code: its own tokens and inner trivia, without the whitespace and newlines around it.</summary>
        public static TNode Moved<TNode>(TNode node)
            where TNode : SyntaxNode =>
            node.WithLeadingTrivia(TrimWhitespace(node.GetLeadingTrivia())).WithTrailingTrivia(TrimWhitespace(node.GetTrailingTrivia()));

        private static IEnumerable<SyntaxTrivia> TrimWhitespace(SyntaxTriviaList trivia)
        {
            var list = trivia.ToList();
            while (list.Count > 0 && (list[0].IsKind(SyntaxKind.WhitespaceTrivia) || list[0].IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                list.RemoveAt(0);
            }

            while (list.Count > 0 && (list[list.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) || list[list.Count - 1].IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                list.RemoveAt(list.Count - 1);
            }

            return list;
        }
    }
}
