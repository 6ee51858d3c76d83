using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Saperly.Migration.CodeFixes.Syntax
{
    /// <summary>
    /// Code a fix writes, built as nodes (<see cref="SyntaxFactory"/>, <c>SyntaxGenerator</c>), never parsed from text.
    /// The new structure is spaced on its own, on one line, the way C# is usually spaced
    /// (<see cref="SyntaxNode.NormalizeWhitespace(string, string, bool)"/>), before the user's nodes are put into it: the
    /// user's code that a fix moves keeps its own tokens and trivia. Normalizing is a syntax walk; the workspace
    /// formatter, which a first fix had to load and compile, is not needed for a line of new code.
    /// </summary>
    internal sealed class NewCode
    {
        private readonly Dictionary<SyntaxAnnotation, SyntaxNode> _holes = new Dictionary<SyntaxAnnotation, SyntaxNode>();

        /// <summary>A placeholder for a user's node in new structure; <see cref="Shape{TNode}"/> puts the node back in.</summary>
        public ExpressionSyntax Hole(ExpressionSyntax user)
        {
            var annotation = new SyntaxAnnotation("SaperlyHole");
            _holes[annotation] = Layout.Moved(user);
            return SyntaxFactory.IdentifierName("__hole").WithAdditionalAnnotations(annotation);
        }

        /// <summary>The same for an argument list's argument (keeps a name colon, ref kind and trivia inside).</summary>
        public ArgumentSyntax Hole(ArgumentSyntax user) =>
            SyntaxFactory.Argument(Hole(user.Expression)).WithNameColon(user.NameColon?.WithoutTrivia()).WithRefKindKeyword(user.RefKindKeyword);

        /// <summary><c>name: value</c>, the user's value put in as it is.</summary>
        public ArgumentSyntax NamedArgument(string name, ExpressionSyntax value) =>
            Shape(SyntaxFactory.Argument(Hole(value)).WithNameColon(SyntaxFactory.NameColon(name)));

        /// <summary>
        /// A piece of new code spaced as it is inside <paramref name="context"/> (an initializer spaced inside a creation,
        /// where on its own the formatter would spread it over lines), with the user's nodes in its holes.
        /// </summary>
        public TNode ShapeWithin<TNode>(TNode piece, System.Func<TNode, SyntaxNode> context)
            where TNode : SyntaxNode
        {
            var marker = new SyntaxAnnotation("SaperlyPiece");
            var shaped = Shape(context(piece.WithAdditionalAnnotations(marker)));
            return (TNode)shaped.GetAnnotatedNodes(marker).First();
        }

        /// <summary>An initializer element (<c>Headers = { ... }</c>, <c>{ "name", value }</c>) spaced as inside a one-line initializer.</summary>
        public TNode ShapeElement<TNode>(TNode element)
            where TNode : ExpressionSyntax =>
            ShapeWithin(element, e => SyntaxFactory.ObjectCreationExpression(SyntaxFactory.IdentifierName("X"))
                .WithArgumentList(SyntaxFactory.ArgumentList())
                .WithInitializer(SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(e))));

        /// <summary>The skeleton spaced by the formatter, with the user's nodes in its holes.</summary>
        public TNode Shape<TNode>(TNode skeleton)
            where TNode : SyntaxNode
        {
            var formatted = skeleton.NormalizeWhitespace(indentation: "", eol: " ");
            var placeholders = formatted.GetAnnotatedNodes("SaperlyHole").ToList();
            if (placeholders.Count == 0)
            {
                return formatted;
            }

            return formatted.ReplaceNodes(placeholders, (original, _) =>
            {
                var annotation = original.GetAnnotations("SaperlyHole").First();
                return _holes[annotation].WithLeadingTrivia(_holes[annotation].GetLeadingTrivia().InsertRange(0, original.GetLeadingTrivia()))
                    .WithTrailingTrivia(_holes[annotation].GetTrailingTrivia().AddRange(original.GetTrailingTrivia()));
            });
        }
    }
}
