using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Saperly.Migration.Analyzers.Recognition;

namespace Saperly.Migration.Analyzers.Rules
{
    /// <summary>
    /// Which files the rules of this assembly can report in: the union of the per-file conditions each rule checks
    /// before it walks a file, read from the same filters the rules use. A file for which this says no yields no
    /// diagnostic of these rules, whatever the rest of the compilation holds; a driver that already has a
    /// compilation's diagnostics can then analyze only the files that say yes after an edit.
    /// </summary>
    public static class RuleReach
    {
        /// <summary>
        /// Whether any rule could report a diagnostic while analyzing <paramref name="tree"/>: the text may name an
        /// HTTP or SDK call method (SAP001-SAP003, SAP005, SAP006, SAP008, SAP009), may spell <c>sk_</c> (SAP007) or
        /// <c>call_only</c> (SAP004's allow-lists, schemas and tier checks), may parse an enum (SAP004's Enum.Parse), or the file declares an enum that its syntax does not
        /// rule out as a permission model (SAP004).
        /// </summary>
        public static bool MayReport(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var text = tree.GetText(cancellationToken).ToString();
            if (Recognition.Shapes.CallShapes.Everything.MayNameCandidate(text) || TextFilters.MaySpell(text, "sk_") || TextFilters.MaySpell(text, "call_only") ||
                PermissionModelMissingLegacyFullAnalyzer.MayParseEnum(text))
            {
                return true;
            }

            if (text.IndexOf("enum", System.StringComparison.Ordinal) < 0)
            {
                return false;
            }

            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(n => !(n is BaseMethodDeclarationSyntax || n is AccessorDeclarationSyntax)))
            {
                if (node is EnumDeclarationSyntax declaration && !PermissionModelMissingLegacyFullAnalyzer.SyntaxRulesOut(declaration))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
