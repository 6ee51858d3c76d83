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
    /// Turns an expression body (<c>=&gt; expression;</c> of a method, local function, accessor, property, constructor
    /// or operator, or the body of an expression lambda) into a block: the new statements, then <c>return expression;</c>
    /// (or <c>expression;</c> where nothing is returned). The braces and statements take the file's indentation; the
    /// expression keeps its tokens, its continuation lines moved with it.
    /// </summary>
    internal static class ExpressionBodies
    {
        public static void ToBlock(DocumentEditor editor, SemanticModel model, ExpressionSyntax body, IReadOnlyList<StatementSyntax> statements, string step, SyntaxTrivia eol)
        {
            var owner = body.Parent is ArrowExpressionClauseSyntax arrow ? arrow.Parent! : body.Parent!;
            var returns = Returns(model, owner);
            var from = Layout.LineIndentation(body);
            switch (owner)
            {
                case LambdaExpressionSyntax lambda:
                    var lambdaIndentation = Layout.LineIndentation(lambda);
                    editor.ReplaceNode(lambda, (current, _) =>
                    {
                        var currentLambda = (LambdaExpressionSyntax)current;
                        var block = Block(statements, currentLambda.ExpressionBody!, returns, lambdaIndentation, step, from, eol, SyntaxFactory.TriviaList());
                        var arrowToken = currentLambda.ArrowToken.WithTrailingTrivia(eol);
                        return currentLambda.WithArrowToken(arrowToken).WithExpressionBody(null).WithBlock(block).WithTrailingTrivia(currentLambda.GetTrailingTrivia());
                    });
                    break;
                case PropertyDeclarationSyntax property:
                    var propertyIndentation = Layout.LineIndentation(property);
                    editor.ReplaceNode(property, (current, _) =>
                    {
                        var currentProperty = (PropertyDeclarationSyntax)current;
                        var inner = propertyIndentation + step;
                        var getter = SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration)
                            .WithKeyword(SyntaxFactory.Token(Layout.Whitespace(inner), SyntaxKind.GetKeyword, SyntaxFactory.TriviaList(eol)))
                            .WithBody(Block(statements, currentProperty.ExpressionBody!.Expression, true, inner, step, from, eol, SyntaxFactory.TriviaList(eol)));
                        var accessors = SyntaxFactory.AccessorList(
                            SyntaxFactory.Token(Layout.Whitespace(propertyIndentation), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(eol)),
                            SyntaxFactory.SingletonList(getter),
                            SyntaxFactory.Token(Layout.Whitespace(propertyIndentation), SyntaxKind.CloseBraceToken, EndingLine(currentProperty.SemicolonToken.TrailingTrivia, eol)));
                        return WithoutTrailingSpace(currentProperty.WithExpressionBody(null).WithSemicolonToken(default), eol).WithAccessorList(accessors);
                    });
                    break;
                default:
                    var memberIndentation = Layout.LineIndentation(owner);
                    editor.ReplaceNode(owner, (current, _) =>
                    {
                        var expressionBody = ExpressionBodyOf(current)!;
                        var semicolon = SemicolonOf(current);
                        var block = Block(statements, expressionBody.Expression, returns, memberIndentation, step, from, eol, EndingLine(semicolon.TrailingTrivia, eol));
                        var withoutBody = WithoutTrailingSpace(current, expressionBody, eol);
                        return WithBlockBody(withoutBody, block);
                    });
                    break;
            }
        }

        private static BlockSyntax Block(IReadOnlyList<StatementSyntax> statements, ExpressionSyntax expression, bool returns, string indentation, string step, string from, SyntaxTrivia eol, SyntaxTriviaList closeTrailing)
        {
            var inner = indentation + step;
            var moved = Layout.Reindent(Layout.Moved(expression), from, inner);
            StatementSyntax last = returns
                ? SyntaxFactory.ReturnStatement(SyntaxFactory.Token(SyntaxKind.ReturnKeyword).WithTrailingTrivia(SyntaxFactory.Space), moved, SyntaxFactory.Token(SyntaxKind.SemicolonToken))
                : SyntaxFactory.ExpressionStatement(moved, SyntaxFactory.Token(SyntaxKind.SemicolonToken));
            var laid = statements.Concat(new[] { last }).Select(s => Layout.OnOwnLine(s, inner, eol));
            return SyntaxFactory.Block(
                SyntaxFactory.Token(Layout.Whitespace(indentation), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(eol)),
                SyntaxFactory.List(laid),
                SyntaxFactory.Token(Layout.Whitespace(indentation), SyntaxKind.CloseBraceToken, closeTrailing));
        }

        private static SyntaxTriviaList EndingLine(SyntaxTriviaList trivia, SyntaxTrivia eol) => trivia.Any(SyntaxKind.EndOfLineTrivia) ? trivia : trivia.Add(eol);

        /// <summary>Whether the body's value is returned: not for void, async Task or ValueTask, a setter, a constructor or a destructor.</summary>
        private static bool Returns(SemanticModel model, SyntaxNode owner)
        {
            switch (owner)
            {
                case AccessorDeclarationSyntax accessor:
                    return accessor.IsKind(SyntaxKind.GetAccessorDeclaration);
                case PropertyDeclarationSyntax _:
                case IndexerDeclarationSyntax _:
                    return true;
                case ConstructorDeclarationSyntax _:
                case DestructorDeclarationSyntax _:
                    return false;
            }

            var method = owner is LambdaExpressionSyntax lambda
                ? model.GetSymbolInfo(lambda).Symbol as IMethodSymbol
                : model.GetDeclaredSymbol(owner) as IMethodSymbol;
            if (method == null)
            {
                return true;
            }

            return !method.ReturnsVoid && !(method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false });
        }

        private static ArrowExpressionClauseSyntax? ExpressionBodyOf(SyntaxNode node) => node switch
        {
            BaseMethodDeclarationSyntax m => m.ExpressionBody,
            LocalFunctionStatementSyntax f => f.ExpressionBody,
            AccessorDeclarationSyntax a => a.ExpressionBody,
            IndexerDeclarationSyntax i => i.ExpressionBody,
            _ => null,
        };

        private static SyntaxToken SemicolonOf(SyntaxNode node) => node switch
        {
            BaseMethodDeclarationSyntax m => m.SemicolonToken,
            LocalFunctionStatementSyntax f => f.SemicolonToken,
            AccessorDeclarationSyntax a => a.SemicolonToken,
            IndexerDeclarationSyntax i => i.SemicolonToken,
            _ => default,
        };

        /// <summary>The declaration without its expression body and semicolon, and without the space that stood before <c>=&gt;</c>.</summary>
        private static SyntaxNode WithoutTrailingSpace(SyntaxNode declaration, ArrowExpressionClauseSyntax body, SyntaxTrivia eol)
        {
            var before = body.ArrowToken.GetPreviousToken();
            var stripped = declaration.ReplaceToken(before, before.WithTrailingTrivia(before.TrailingTrivia.Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)).Concat(new[] { eol })));
            return stripped switch
            {
                MethodDeclarationSyntax m => m.WithExpressionBody(null).WithSemicolonToken(default),
                ConstructorDeclarationSyntax c => c.WithExpressionBody(null).WithSemicolonToken(default),
                DestructorDeclarationSyntax d => d.WithExpressionBody(null).WithSemicolonToken(default),
                OperatorDeclarationSyntax o => o.WithExpressionBody(null).WithSemicolonToken(default),
                ConversionOperatorDeclarationSyntax c => c.WithExpressionBody(null).WithSemicolonToken(default),
                LocalFunctionStatementSyntax f => f.WithExpressionBody(null).WithSemicolonToken(default),
                AccessorDeclarationSyntax a => a.WithExpressionBody(null).WithSemicolonToken(default),
                _ => stripped,
            };
        }

        private static PropertyDeclarationSyntax WithoutTrailingSpace(PropertyDeclarationSyntax property, SyntaxTrivia eol)
        {
            var last = property.GetLastToken();
            return property.ReplaceToken(last, last.WithTrailingTrivia(last.TrailingTrivia.Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)).Concat(new[] { eol })));
        }

        private static SyntaxNode WithBlockBody(SyntaxNode declaration, BlockSyntax block) => declaration switch
        {
            MethodDeclarationSyntax m => m.WithBody(block),
            ConstructorDeclarationSyntax c => c.WithBody(block),
            DestructorDeclarationSyntax d => d.WithBody(block),
            OperatorDeclarationSyntax o => o.WithBody(block),
            ConversionOperatorDeclarationSyntax c => c.WithBody(block),
            LocalFunctionStatementSyntax f => f.WithBody(block),
            AccessorDeclarationSyntax a => a.WithBody(block),
            _ => declaration,
        };

        /// <summary>Whether <see cref="ToBlock"/> knows the body's owner.</summary>
        public static bool CanConvert(ExpressionSyntax body)
        {
            var owner = body.Parent is ArrowExpressionClauseSyntax arrow ? arrow.Parent : body.Parent;
            return owner is LambdaExpressionSyntax || owner is PropertyDeclarationSyntax || owner is MethodDeclarationSyntax || owner is ConstructorDeclarationSyntax ||
                   owner is DestructorDeclarationSyntax || owner is OperatorDeclarationSyntax || owner is ConversionOperatorDeclarationSyntax ||
                   owner is LocalFunctionStatementSyntax || owner is AccessorDeclarationSyntax;
        }
    }
}
