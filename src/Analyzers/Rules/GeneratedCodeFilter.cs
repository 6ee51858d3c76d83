using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>
    /// Whether a location lies in a type or member marked <c>[GeneratedCode]</c>: the check the analyzer driver makes for
    /// a rule that leaves generated code to it, made here only for the diagnostics a call rule reports.
    /// </summary>
    internal static class GeneratedCodeFilter
    {
        private const string AttributeName = "GeneratedCode";

        /// <summary>
        /// Whether the file can mark anything as generated: its text spells the attribute's name. The driver makes the
        /// same assumption (it looks for the name among the file's tokens), so an alias declared in another file
        /// escapes both alike.
        /// </summary>
        public static bool MayDeclare(SyntaxTree tree, CancellationToken cancellationToken) =>
            tree.GetText(cancellationToken).ToString().IndexOf(AttributeName, System.StringComparison.Ordinal) >= 0;

        public static bool IsInside(Location location, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!location.IsInSource || location.SourceTree != model.SyntaxTree)
            {
                return false;
            }

            var root = model.SyntaxTree.GetRoot(cancellationToken);
            for (var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true); node != null; node = node.Parent)
            {
                switch (node)
                {
                    case BaseFieldDeclarationSyntax field:
                        foreach (var variable in field.Declaration.Variables)
                        {
                            if (IsMarked(model.GetDeclaredSymbol(variable, cancellationToken)))
                            {
                                return true;
                            }
                        }

                        break;
                    case MemberDeclarationSyntax _:
                    case LocalFunctionStatementSyntax _:
                    case AccessorDeclarationSyntax _:
                        if (IsMarked(model.GetDeclaredSymbol(node, cancellationToken)))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        private static bool IsMarked(ISymbol? symbol)
        {
            if (symbol == null)
            {
                return false;
            }

            foreach (var attribute in symbol.GetAttributes())
            {
                var type = attribute.AttributeClass;
                if (type?.Name == AttributeName + "Attribute" && type.ContainingNamespace is { Name: "Compiler" } compiler &&
                    compiler.ContainingNamespace is { Name: "CodeDom" } codeDom && codeDom.ContainingNamespace is { Name: "System" } system &&
                    system.ContainingNamespace?.IsGlobalNamespace == true)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
