using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Saperly.Migration.CodeFixes.Shared
{
    /// <summary>
    /// Builds statements in the file's own style: the anchor's indentation and the file's newline
    /// (CRLF stays CRLF), so inserted lines need no formatter pass over the user's code.
    /// </summary>
    internal static class StatementText
    {
        /// <summary>The newline the file already uses (the first one found), LF for a file with none.</summary>
        public static SyntaxTrivia NewLine(SyntaxNode anyNode)
        {
            var root = anyNode.SyntaxTree.GetRoot();
            foreach (var trivia in root.DescendantTrivia(descendIntoTrivia: true))
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia;
                }
            }

            return SyntaxFactory.EndOfLine("\n");
        }

        /// <summary>The whitespace that indents the line a statement starts on.</summary>
        public static string Indentation(SyntaxNode statement)
        {
            var leading = statement.GetLeadingTrivia();
            var last = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            return last.IsKind(SyntaxKind.WhitespaceTrivia) && leading.IndexOf(last) == leading.Count - 1 ? last.ToString() : "";
        }

        /// <summary>The whitespace at the start of the line a node starts on.</summary>
        public static string LineIndentation(SyntaxNode node)
        {
            var text = node.SyntaxTree.GetText();
            var line = text.Lines.GetLineFromPosition(node.SpanStart);
            var content = line.ToString();
            return content.Substring(0, content.Length - content.TrimStart(' ', '\t').Length);
        }

        /// <summary>Move a multi-line expression from one indentation to another, line by line.</summary>
        public static string Reindent(string code, string from, string to)
        {
            if (from == to || code.IndexOf('\n') < 0)
            {
                return code;
            }

            var lines = code.Split('\n');
            for (var i = 1; i < lines.Length; i++)
            {
                lines[i] = lines[i].StartsWith(from, System.StringComparison.Ordinal) ? to + lines[i].Substring(from.Length) : lines[i];
            }

            return string.Join("\n", lines);
        }

        /// <summary>A statement parsed from code, on its own line, indented like <paramref name="anchor"/>.</summary>
        public static StatementSyntax Statement(string code, SyntaxNode anchor)
        {
            var statement = SyntaxFactory.ParseStatement(code);
            return statement
                .WithLeadingTrivia(SyntaxFactory.Whitespace(Indentation(anchor)))
                .WithTrailingTrivia(NewLine(anchor));
        }

        /// <summary>A name not yet used by any local, parameter or member visible at the position.</summary>
        public static string FreeName(SemanticModel model, int position, string preferred)
        {
            var root = model.SyntaxTree.GetRoot();
            var block = root.FindToken(position).Parent?.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault();
            var declared = block == null
                ? Enumerable.Empty<string>()
                : block.DescendantNodes().OfType<VariableDeclaratorSyntax>().Select(v => v.Identifier.ValueText)
                    .Concat(block.DescendantNodes().OfType<SingleVariableDesignationSyntax>().Select(v => v.Identifier.ValueText));
            var taken = new NamesInScope(model, position, new System.Collections.Generic.HashSet<string>(declared, System.StringComparer.Ordinal));
            if (!taken.Contains(preferred))
            {
                return preferred;
            }

            for (var i = 2; ; i++)
            {
                if (!taken.Contains(preferred + i))
                {
                    return preferred + i;
                }
            }
        }

        /// <summary>
        /// The statement a call sits in, when it sits directly in a block (so statements can be inserted
        /// before it); null in an expression-bodied member, a lambda expression or a field initializer.
        /// </summary>
        public static StatementSyntax? EnclosingBlockStatement(SyntaxNode node)
        {
            foreach (var ancestor in node.AncestorsAndSelf())
            {
                if (ancestor is StatementSyntax statement && (statement.Parent is BlockSyntax || statement.Parent is SwitchSectionSyntax))
                {
                    return statement;
                }

                if (ancestor is LambdaExpressionSyntax || ancestor is MemberDeclarationSyntax || ancestor is LocalFunctionStatementSyntax)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>Whether the code at a node runs in an async method, local function or lambda.</summary>
        public static bool InAsyncContext(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax lambda:
                        return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                    case LocalFunctionStatementSyntax local:
                        return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case MethodDeclarationSyntax method:
                        return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case MemberDeclarationSyntax _:
                        return false;
                }
            }

            return false;
        }
    }
}
