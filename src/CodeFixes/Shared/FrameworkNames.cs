using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Saperly.Migration.CodeFixes.Shared
{
    /// <summary>
    /// How the fixes spell the framework types they insert (<c>HttpRequestMessage</c>, <c>HttpMethod</c>,
    /// <c>Environment</c>, ...): the simple name where it already names that type at the insertion point, otherwise
    /// <c>global::</c>-qualified and marked, so that the code action's clean-up shortens it and adds the missing
    /// <c>using</c>. Only those qualified names are marked, never the whole inserted statement: the clean-up binds
    /// each marked name again, and marking statements made it revisit every member access the fix copied from the
    /// user's code (most of the fix phase's time on a 100-file solution).
    /// </summary>
    internal static class FrameworkNames
    {
        /// <summary>
        /// <paramref name="metadataName"/>'s simple name if, at <paramref name="position"/>, that name means exactly
        /// this type and nothing else (no local, member or other type of the name); else its <c>global::</c> name.
        /// </summary>
        public static string Spell(SemanticModel model, int position, string metadataName)
        {
            var type = model.Compilation.GetTypeByMetadataName(metadataName);
            return type != null && IsSimpleNameOf(model, position, type) ? type.Name : "global::" + metadataName;
        }

        /// <summary>Whether, at <paramref name="position"/>, the type's simple name means exactly that type and nothing else.</summary>
        public static bool IsSimpleNameOf(SemanticModel model, int position, INamedTypeSymbol type)
        {
            var found = model.LookupSymbols(position, name: type.Name);
            return found.Length == 1 && SymbolEqualityComparer.Default.Equals(found[0], type);
        }

        /// <summary>
        /// The node with each <c>global::</c>-qualified name in it (the whole chain: <c>global::System.Net.Http.HttpMethod.Post</c>)
        /// marked for the clean-up to shorten and import; the node itself when it has none.
        /// </summary>
        public static TNode MarkQualified<TNode>(TNode node)
            where TNode : SyntaxNode
        {
            var chains = new List<SyntaxNode>();
            foreach (var alias in node.DescendantNodesAndSelf().OfType<AliasQualifiedNameSyntax>())
            {
                if (alias.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword))
                {
                    chains.Add(Chain(alias));
                }
            }

            return chains.Count == 0
                ? node
                : node.ReplaceNodes(chains, (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
        }

        /// <summary>The qualified name or member access a <c>global::</c> name starts.</summary>
        private static SyntaxNode Chain(AliasQualifiedNameSyntax alias)
        {
            SyntaxNode current = alias;
            while (true)
            {
                switch (current.Parent)
                {
                    case QualifiedNameSyntax qualified when qualified.Left == current:
                        current = qualified;
                        break;
                    case MemberAccessExpressionSyntax access when access.Expression == current:
                        current = access;
                        break;
                    default:
                        return current;
                }
            }
        }
    }
}
